import type { Queryable } from '../db/db.ts';
import { ApiError } from '../http/problem.ts';
import { digest, randomSecret, verifyPassword } from './secrets.ts';

/** Failed logins allowed per user name, and per source address, within the window. */
export const MAX_FAILURES_PER_USER = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const FAILURE_WINDOW_MINUTES = 15;

// Verifying against a real hash keeps the response time the same for unknown user names.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$hw3RmXbOloVK8At/r/K4HQ$EwElqckSmI+LG2ZO1MBMC4qb5XvloZBW+2iy0rRYLj0';

export interface LoginResult {
  user: { id: number; username: string; displayName: string; isAdmin: boolean };
  /** True while the account still has a generated one-time password. */
  mustChangePassword: boolean;
  sessionSecret: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function assertNotRateLimited(db: Queryable, username: string, address: string): Promise<void> {
  const { rows } = await db.query<{ by_user: number; by_address: number }>(
    `SELECT count(*) FILTER (WHERE username = $1)::int AS by_user,
            count(*) FILTER (WHERE source_address = $2)::int AS by_address
       FROM login_attempts
      WHERE NOT succeeded AND attempted_at > now() - make_interval(mins => $3)
        AND (username = $1 OR source_address = $2)`,
    [username, address, FAILURE_WINDOW_MINUTES],
  );
  if (rows[0].by_user >= MAX_FAILURES_PER_USER || rows[0].by_address >= MAX_FAILURES_PER_ADDRESS) {
    throw new ApiError(429, 'login-rate-limited', {
      de: `Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie ${FAILURE_WINDOW_MINUTES} Minuten und versuchen Sie es dann erneut.`,
      en: `Too many failed login attempts. Please wait ${FAILURE_WINDOW_MINUTES} minutes and try again.`,
    });
  }
}

/** Checks the password and opens a session. Returns null for a wrong user name or password. */
export async function login(
  db: Queryable,
  input: { username: string; password: string; address: string; ttlSeconds: number },
): Promise<LoginResult | null> {
  const { rows } = await db.query<{
    id: number;
    username: string;
    display_name: string;
    is_admin: boolean;
    password_hash: string;
    must_change_password: boolean;
  }>(
    'SELECT id, username, display_name, is_admin, password_hash, must_change_password FROM users WHERE username = $1 AND NOT disabled',
    [input.username],
  );
  const user = rows[0];
  const valid = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  await db.query('INSERT INTO login_attempts (username, source_address, succeeded) VALUES ($1, $2, $3)', [
    input.username,
    input.address,
    valid && user !== undefined,
  ]);
  if (!valid || !user) return null;

  const sessionSecret = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(Date.now() + input.ttlSeconds * 1000);
  await db.query(
    'INSERT INTO sessions (id_hash, user_id, csrf_token, source_address, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [digest(sessionSecret), user.id, csrfToken, input.address, expiresAt],
  );
  return {
    user: { id: Number(user.id), username: user.username, displayName: user.display_name, isAdmin: user.is_admin },
    mustChangePassword: user.must_change_password,
    sessionSecret,
    csrfToken,
    expiresAt,
  };
}

export async function logout(db: Queryable, sessionSecret: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE id_hash = $1', [digest(sessionSecret)]);
}
