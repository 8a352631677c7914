import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const ingestRoutes: FastifyPluginAsyncTypebox = async () => {};
