import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const datasetsRoutes: FastifyPluginAsyncTypebox = async () => {};
