import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../audit/audit.ts';
import { sourceAddress } from '../http/app.ts';
import { ApiError, forbidden } from '../http/problem.ts';
import { assertNotRateLimited } from './login.ts';
import { setPassword, validatePasswordChange } from './password.ts';
import { SESSION_COOKIE } from './principal.ts';
import { requirePrincipal } from './routes.ts';
import { digest, verifyPassword } from './secrets.ts';

export const passwordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx;

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['Anmeldung'],
        summary: 'Eigenes Passwort ändern (nur mit Sitzung; beendet die anderen Sitzungen des Kontos)',
        body: Type.Object({ currentPassword: Type.String({ maxLength: 1000 }), newPassword: Type.String({ maxLength: 1000 }) }),
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request.principal);
      if (principal.token) {
        throw forbidden({
          de: 'Das Passwort lässt sich nicht mit einem API-Token ändern. Bitte melden Sie sich mit Benutzername und Passwort an.',
          en: 'The password cannot be changed with an API token. Log in with user name and password.',
        });
      }
      const { currentPassword, newPassword } = request.body;
      const address = sourceAddress(request);
      await assertNotRateLimited(db, principal.username, address);
      validatePasswordChange(currentPassword, newPassword);

      const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [principal.userId]);
      const valid = rows.length > 0 && (await verifyPassword(rows[0].password_hash, currentPassword));
      if (!valid) {
        // Counted like a failed login, so the endpoint cannot be used to guess the password unthrottled.
        await db.query('INSERT INTO login_attempts (username, source_address, succeeded) VALUES ($1, $2, false)', [principal.username, address]);
        request.log.info({ userId: principal.userId }, 'password change with wrong current password');
        throw new ApiError(401, 'current-password-wrong', {
          de: 'Das bisherige Passwort ist falsch. Bitte geben Sie Ihr aktuelles Passwort ein.',
          en: 'The current password is wrong. Enter your current password.',
        });
      }

      const secret = principal.via === 'session' ? request.cookies[SESSION_COOKIE] : /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const keepSessionHash = secret ? digest(secret) : null;
      await db.transaction(async (tx) => {
        const endedSessions = await setPassword(tx, principal.userId, newPassword, keepSessionHash);
        await recordAudit(tx, {
          actor: principal,
          action: 'auth.password_change',
          objectType: 'user',
          objectId: principal.username,
          details: { endedSessions, via: 'api' },
          sourceAddress: address,
        });
      });
      return reply.status(204).send();
    },
  );
};
