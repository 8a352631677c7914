import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { loadDataspace, type DataspaceRef } from '../dataspaces/lookup.ts';
import { sourceAddress } from '../http/app.ts';
import { forbidden, notFound } from '../http/problem.ts';
import { requirePrincipal } from './routes.ts';
import { findToken, insertToken, listTokens, MAX_TOKEN_DAYS, newTokenSecret, tokenExpiry } from './tokens.ts';

const TokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  tokenPrefix: Type.String({ description: 'Die ersten 8 Zeichen nach „dht_“, zum Wiedererkennen' }),
  access: Type.Union([Type.Literal('read'), Type.Literal('write')]),
  dataspaces: Type.Array(Type.String()),
  expiresAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
});

const tokenNotFound = (id: number) =>
  notFound({
    de: `Ein API-Token mit der Nummer ${id.toLocaleString('de-DE')} gibt es nicht, oder es gehört Ihnen nicht.`,
    en: `There is no API token with id ${id}, or it does not belong to you.`,
  });

export const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['API-Tokens'],
        summary: 'Persönliches API-Token anlegen (wird nur in dieser Antwort gezeigt)',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          dataspaces: Type.Array(Type.String({ maxLength: 100 }), { minItems: 1, maxItems: 100, uniqueItems: true }),
          access: Type.Union([Type.Literal('read'), Type.Literal('write')]),
          expiresAt: Type.Optional(Type.String({ maxLength: 64, description: 'Ablaufzeitpunkt nach ISO 8601' })),
          expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_DAYS, description: 'Gültigkeit in Tagen (Standard 90)' })),
        }),
        response: { 201: Type.Intersect([TokenSchema, Type.Object({ token: Type.String() })]) },
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request.principal);
      if (principal.via === 'token') {
        throw forbidden({
          de: 'Mit einem API-Token können keine weiteren Tokens angelegt werden. Bitte melden Sie sich mit Ihrem Konto an.',
          en: 'An API token cannot create further tokens. Please log in with your account.',
        });
      }
      const { name, access, dataspaces } = request.body;
      const expiresAt = tokenExpiry(request.body);
      // Only dataspaces where the caller may develop (Entwicklung or above) can be delegated to a token.
      const spaces: DataspaceRef[] = [];
      for (const slug of dataspaces) spaces.push(await loadDataspace(db, slug, principal, 'token.create'));

      const secret = newTokenSecret();
      const created = await db.transaction(async (tx) => {
        const token = await insertToken(tx, {
          userId: principal.userId,
          name: name.trim(),
          access,
          dataspaceIds: spaces.map((space) => space.id),
          expiresAt,
          hash: secret.hash,
          prefix: secret.prefix,
        });
        // One entry per dataspace, so the audit log of each dataspace's Koordination lists tokens that reach into it.
        for (const space of spaces) {
          await recordAudit(tx, {
            actor: principal,
            action: 'token.create',
            dataspaceId: space.id,
            objectType: 'token',
            objectId: token.id,
            details: { name: token.name, access, dataspaces: token.dataspaces, expiresAt: token.expiresAt },
            sourceAddress: sourceAddress(request),
          });
        }
        return token;
      });
      request.log.info({ tokenId: created.id, access, dataspaces: created.dataspaces }, 'api token created');
      return reply.status(201).send({ ...created, token: secret.secret });
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['API-Tokens'],
        summary: 'Eigene API-Tokens auflisten (ohne Geheimnis)',
        response: { 200: Type.Object({ tokens: Type.Array(TokenSchema) }) },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request.principal);
      return { tokens: await listTokens(db, principal.userId) };
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        tags: ['API-Tokens'],
        summary: 'API-Token widerrufen (Inhaber oder Plattform-Administration)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request.principal);
      const id = request.params.id;
      const isPlatformAdmin = principal.isAdmin && principal.via !== 'token';
      await db.transaction(async (tx) => {
        const token = await findToken(tx, id);
        if (!token || (token.userId !== principal.userId && !isPlatformAdmin)) throw tokenNotFound(id);
        // A leaked token may revoke itself but not its owner's other tokens.
        if (principal.token && principal.token.id !== id) {
          throw forbidden({
            de: 'Mit einem API-Token kann nur dieses Token selbst widerrufen werden. Bitte melden Sie sich mit Ihrem Konto an.',
            en: 'An API token can only revoke itself. Please log in with your account.',
          });
        }
        // Revoking twice keeps the first revocation time and writes no second audit entry.
        if (token.revokedAt !== null) return;
        await tx.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [id]);
        for (const dataspaceId of token.dataspaceIds) {
          await recordAudit(tx, {
            actor: principal,
            action: 'token.revoke',
            dataspaceId,
            objectType: 'token',
            objectId: id,
            details: { name: token.name, ownerUserId: token.userId },
            sourceAddress: sourceAddress(request),
          });
        }
      });
      request.log.info({ tokenId: id }, 'api token revoked');
      return reply.status(204).send();
    },
  );
};
