import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { sourceAddress } from '../http/app.ts';
import { ApiError, forbidden, unauthenticated } from '../http/problem.ts';
import { createUser, USERNAME_PATTERN } from './accounts.ts';
import { assertNotRateLimited, login, logout } from './login.ts';
import { SESSION_COOKIE, type Principal } from './principal.ts';

export function requirePrincipal(principal: Principal | null): Principal {
  if (!principal) throw unauthenticated();
  return principal;
}

export function requireAdmin(principal: Principal | null): Principal {
  const user = requirePrincipal(principal);
  if (!user.isAdmin || user.token) {
    throw forbidden({
      de: 'Diese Aktion ist der Plattform-Administration vorbehalten.',
      en: 'This action is reserved for platform administrators.',
    });
  }
  return user;
}

const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  isAdmin: Type.Boolean(),
  createdAt: Type.Optional(Type.String({ format: 'date-time' })),
});

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, config } = app.ctx;

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['Anmeldung'],
        summary: 'Anmelden (setzt das Sitzungs-Cookie und liefert ein Sitzungs-Token)',
        security: [],
        body: Type.Object({ username: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 1000 }) }),
        response: {
          200: Type.Object({
            token: Type.String(),
            csrfToken: Type.String(),
            expiresAt: Type.String(),
            user: UserSchema,
            mustChangePassword: Type.Boolean(),
          }),
        },
      },
    },
    async (request, reply) => {
      const address = sourceAddress(request);
      const username = request.body.username.trim().toLowerCase();
      await assertNotRateLimited(db, username, address);
      const result = await login(db, { username, password: request.body.password, address, ttlSeconds: config.sessionTtlSeconds });
      if (!result) {
        await recordAudit(db, { actor: { userId: null, username }, action: 'auth.login_failed', sourceAddress: address });
        request.log.info({ username }, 'login failed');
        throw new ApiError(401, 'login-failed', {
          de: 'Benutzername oder Passwort ist falsch. Bitte prüfen Sie Ihre Eingabe.',
          en: 'User name or password is wrong.',
        });
      }
      await recordAudit(db, {
        actor: { userId: result.user.id, username: result.user.username },
        action: 'auth.login',
        sourceAddress: address,
      });
      reply.setCookie(SESSION_COOKIE, result.sessionSecret, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: config.publicUrl.startsWith('https:'),
        expires: result.expiresAt,
      });
      return {
        token: result.sessionSecret,
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt.toISOString(),
        user: result.user,
        mustChangePassword: result.mustChangePassword,
      };
    },
  );

  app.post('/auth/logout', { schema: { tags: ['Anmeldung'], summary: 'Abmelden' } }, async (request, reply) => {
    const principal = requirePrincipal(request.principal);
    const cookieSecret = request.cookies[SESSION_COOKIE];
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    // API tokens are revoked through DELETE /tokens/{id}, so logout ends only login sessions.
    let secret: string | undefined;
    if (principal.via === 'session') secret = cookieSecret;
    if (principal.via === 'bearer-session') secret = bearer;
    if (secret) await logout(db, secret);
    await recordAudit(db, { actor: principal, action: 'auth.logout', sourceAddress: sourceAddress(request) });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['Anmeldung'], summary: 'Angemeldetes Konto und seine Rollen' } }, async (request) => {
    const principal = requirePrincipal(request.principal);
    const { rows } = await db.query<{ slug: string; name: string; role: string }>(
      `SELECT d.slug, d.name, m.role FROM memberships m JOIN dataspaces d ON d.id = m.dataspace_id
        WHERE m.user_id = $1 ORDER BY d.name`,
      [principal.userId],
    );
    const account = await db.query<{ must_change_password: boolean }>('SELECT must_change_password FROM users WHERE id = $1', [principal.userId]);
    return {
      user: { id: principal.userId, username: principal.username, displayName: principal.displayName, isAdmin: principal.isAdmin },
      csrfToken: principal.csrfToken ?? null,
      via: principal.via,
      mustChangePassword: account.rows[0]?.must_change_password ?? false,
      memberships: rows,
    };
  });

  app.get(
    '/users',
    { schema: { tags: ['Konten'], summary: 'Konten auflisten (Plattform-Administration)', response: { 200: Type.Object({ users: Type.Array(UserSchema) }) } } },
    async (request) => {
      requireAdmin(request.principal);
      const { rows } = await db.query<{ id: number; username: string; display_name: string; is_admin: boolean; created_at: Date }>(
        'SELECT id, username, display_name, is_admin, created_at FROM users ORDER BY username',
      );
      return {
        users: rows.map((row) => ({
          id: Number(row.id),
          username: row.username,
          displayName: row.display_name,
          isAdmin: row.is_admin,
          createdAt: new Date(row.created_at).toISOString(),
        })),
      };
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['Konten'],
        summary: 'Konto anlegen (Plattform-Administration)',
        body: Type.Object({
          username: Type.String({ pattern: USERNAME_PATTERN }),
          password: Type.String({ minLength: 1, maxLength: 1000 }),
          displayName: Type.Optional(Type.String({ maxLength: 200 })),
          isAdmin: Type.Optional(Type.Boolean()),
        }),
        response: { 201: UserSchema },
      },
    },
    async (request, reply) => {
      const admin = requireAdmin(request.principal);
      const user = await db.transaction(async (tx) => {
        const created = await createUser(tx, request.body);
        await recordAudit(tx, {
          actor: admin,
          action: 'user.create',
          objectType: 'user',
          objectId: created.username,
          details: { isAdmin: created.isAdmin },
          sourceAddress: sourceAddress(request),
        });
        return created;
      });
      return reply.status(201).send(user);
    },
  );
};
