import type { FastifyPluginAsync } from 'fastify';
import { auditRoutes } from '../audit/routes.ts';
import { authRoutes } from '../auth/routes.ts';
import { passwordRoutes } from '../auth/password-routes.ts';
import { tokenRoutes } from '../auth/token-routes.ts';
import { catalogRoutes } from '../catalog/routes.ts';
import { dataspacesRoutes } from '../dataspaces/routes.ts';
import { datasetsRoutes } from '../datasets/routes.ts';
import { rowsRoutes } from '../datasets/rows/routes.ts';
import { ingestRoutes } from '../ingest/routes.ts';
import { healthRoutes } from './health.ts';

/** Registers every domain module's routes under /api/v1. */
export const registerModules: FastifyPluginAsync = async (app) => {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(passwordRoutes);
  await app.register(tokenRoutes);
  await app.register(dataspacesRoutes);
  await app.register(datasetsRoutes);
  await app.register(rowsRoutes);
  await app.register(ingestRoutes);
  await app.register(catalogRoutes);
  await app.register(auditRoutes);
};
