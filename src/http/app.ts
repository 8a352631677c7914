import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../context.ts';
import { resolveCredentials, SESSION_COOKIE, type Principal } from '../auth/principal.ts';
import { safeEqual } from '../auth/secrets.ts';
import { ApiError, pickLanguage, unauthenticated, type Language } from './problem.ts';
import { sendProblem, toProblem } from './errors.ts';
import { registerModules } from './modules.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    language: Language;
  }
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export type App = FastifyInstance;

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Source address of a request, as recorded in the audit log and used for login rate limits. */
export function sourceAddress(request: FastifyRequest): string {
  return request.ip;
}

async function authenticate(ctx: AppContext, request: FastifyRequest, reply: import('fastify').FastifyReply) {
  request.language = pickLanguage(request.headers['accept-language']);
  const credentials = await resolveCredentials(ctx.db, request);
  request.principal = credentials.principal;
  if (credentials.kind === 'bearer' && credentials.invalid) throw unauthenticated();
  if (credentials.kind === 'cookie' && credentials.invalid) reply.clearCookie(SESSION_COOKIE, { path: '/' });

  // Browsers send cookies on cross-site form posts, so cookie sessions must prove
  // same-origin with the per-session token. Bearer calls cannot be forged that way.
  const principal = credentials.principal;
  if (credentials.kind === 'cookie' && principal && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
      throw new ApiError(403, 'csrf-token-invalid', {
        de: 'Das Sicherheits-Token (X-CSRF-Token) fehlt oder ist ungültig. Bitte laden Sie die Seite neu.',
        en: 'The security token (X-CSRF-Token) is missing or invalid. Please reload the page.',
      });
    }
  }
}

/** Builds the HTTP application with all routes. The caller owns the context and closes it. */
export async function buildApp(ctx: AppContext): Promise<App> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    trustProxy: ctx.config.production,
    bodyLimit: 10 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('ctx', ctx);
  app.decorateRequest('principal', null);
  app.decorateRequest('language', 'de');

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: ctx.config.maxUploadBytes, files: 1, fields: 20, fieldSize: 64 * 1024 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Data Hub Berlin API',
        version: '1.0.0',
        description:
          'REST-Schnittstelle des Data Hub Berlin. Fehler werden als RFC 9457 Problem Details geliefert (deutsch, englisch mit Accept-Language: en).',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'request rejected');
    return sendProblem(reply, request, problem);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    await authenticate(ctx, request, reply);
  });

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(registerModules, { prefix: '/api/v1' });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      return sendProblem(reply, request, {
        status: 404,
        code: 'route-not-found',
        detail: {
          de: `Die Adresse ${request.method} ${request.url.split('?')[0]} gibt es nicht. Die API ist unter /api/docs beschrieben.`,
          en: `There is no route ${request.method} ${request.url.split('?')[0]}. The API is described at /api/docs.`,
        },
        extensions: {},
      });
    }
    return reply.type('text/html').sendFile('index.html');
  });

  if (fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false });
  }

  return app as unknown as App;
}
