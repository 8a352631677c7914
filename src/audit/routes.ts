import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const auditRoutes: FastifyPluginAsyncTypebox = async () => {};
