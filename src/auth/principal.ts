import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/db.ts';
import { API_TOKEN_PREFIX, digest } from './secrets.ts';

export const SESSION_COOKIE = 'datahub_session';

/** The authenticated caller of one request. */
export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  via: 'session' | 'bearer-session' | 'token';
  /** Present for session logins; required in X-CSRF-Token on unsafe cookie requests. */
  csrfToken?: string;
  /** Present when the caller authenticated with a personal API token. */
  token?: { id: number; access: 'read' | 'write'; dataspaceIds: number[] };
}

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  is_admin: boolean;
}

async function principalFromSession(db: Queryable, secret: string, via: Principal['via']): Promise<Principal | null> {
  const { rows } = await db.query<UserRow & { csrf_token: string }>(
    `SELECT u.id, u.username, u.display_name, u.is_admin, s.csrf_token
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [digest(secret)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    userId: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    isAdmin: row.is_admin,
    via,
    csrfToken: row.csrf_token,
  };
}

async function principalFromApiToken(db: Queryable, secret: string): Promise<Principal | null> {
  const { rows } = await db.query<UserRow & { token_id: number; access: 'read' | 'write'; dataspace_ids: number[] }>(
    `UPDATE api_tokens t SET last_used_at = now()
       FROM users u
      WHERE t.token_hash = $1 AND t.user_id = u.id AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u.disabled
      RETURNING u.id, u.username, u.display_name, u.is_admin, t.id AS token_id, t.access, t.dataspace_ids`,
    [digest(secret)],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    userId: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    isAdmin: row.is_admin,
    via: 'token',
    token: { id: Number(row.token_id), access: row.access, dataspaceIds: row.dataspace_ids.map(Number) },
  };
}

export interface Credentials {
  kind: 'cookie' | 'bearer' | 'none';
  /** True when the request carried credentials that turned out to be invalid or expired. */
  invalid: boolean;
  principal: Principal | null;
}

/** Reads the session cookie or the Authorization header. A bearer header wins over the cookie. */
export async function resolveCredentials(db: Queryable, request: FastifyRequest): Promise<Credentials> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return { kind: 'bearer', invalid: true, principal: null };
    const secret = match[1];
    const principal = secret.startsWith(API_TOKEN_PREFIX)
      ? await principalFromApiToken(db, secret)
      : await principalFromSession(db, secret, 'bearer-session');
    return { kind: 'bearer', invalid: principal === null, principal };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) {
    const principal = await principalFromSession(db, cookie, 'session');
    return { kind: 'cookie', invalid: principal === null, principal };
  }
  return { kind: 'none', invalid: false, principal: null };
}
