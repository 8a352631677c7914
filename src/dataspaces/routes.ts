import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

export const dataspacesRoutes: FastifyPluginAsyncTypebox = async () => {};
