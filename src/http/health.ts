import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['Betrieb'],
        summary: 'Betriebszustand',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.String(), postgis: Type.String() }),
          503: Type.Object({ status: Type.Literal('error'), database: Type.String() }),
        },
      },
    },
    async (request, reply) => {
      try {
        const { rows } = await app.ctx.db.query<{ version: string }>('SELECT postgis_lib_version() AS version');
        return { status: 'ok' as const, database: app.ctx.db.kind, postgis: rows[0].version };
      } catch (error) {
        request.log.error({ err: error }, 'health check failed');
        return reply.status(503).send({ status: 'error' as const, database: app.ctx.db.kind });
      }
    },
  );
};
