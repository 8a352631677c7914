import type { Queryable } from '../db/db.ts';
import { ApiError } from '../http/problem.ts';
import { API_TOKEN_PREFIX, digest, randomSecret } from './secrets.ts';

export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Characters of the secret after `dht_` that are stored in clear text so users can tell their tokens apart. */
export const TOKEN_PREFIX_LENGTH = 8;

export interface TokenInfo {
  id: number;
  name: string;
  tokenPrefix: string;
  access: 'read' | 'write';
  dataspaces: string[];
  expiresAt: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

const invalidExpiry = (value: string, de: string, en: string) =>
  new ApiError(400, 'invalid-token-expiry', {
    de: `Ungültiges Ablaufdatum „${value}“: ${de}`,
    en: `Invalid expiry "${value}": ${en}`,
  });

/**
 * Computes the expiry of a new token from either an absolute time or a number of days,
 * defaulting to DEFAULT_TOKEN_DAYS and allowing at most MAX_TOKEN_DAYS from `now`.
 */
export function tokenExpiry(input: { expiresAt?: string; expiresInDays?: number }, now = new Date()): Date {
  if (input.expiresAt !== undefined && input.expiresInDays !== undefined) {
    throw new ApiError(400, 'invalid-token-expiry', {
      de: 'Bitte geben Sie entweder „expiresAt“ oder „expiresInDays“ an, nicht beides.',
      en: 'Send either "expiresAt" or "expiresInDays", not both.',
    });
  }
  const latest = now.getTime() + MAX_TOKEN_DAYS * DAY_MS;
  if (input.expiresAt === undefined) {
    return new Date(now.getTime() + (input.expiresInDays ?? DEFAULT_TOKEN_DAYS) * DAY_MS);
  }
  const value = input.expiresAt;
  const expiresAt = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(expiresAt.getTime())) {
    throw invalidExpiry(value, 'erwartet wird ein Zeitpunkt nach ISO 8601, z. B. 2026-12-31T23:59:59Z.', 'expected an ISO 8601 time such as 2026-12-31T23:59:59Z.');
  }
  if (expiresAt.getTime() <= now.getTime()) {
    throw invalidExpiry(value, 'der Zeitpunkt liegt in der Vergangenheit. Bitte wählen Sie einen späteren.', 'the time is in the past.');
  }
  if (expiresAt.getTime() > latest) {
    throw invalidExpiry(
      value,
      `ein Token gilt höchstens ${MAX_TOKEN_DAYS} Tage, also bis ${new Date(latest).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })}. Bitte wählen Sie ein früheres Datum.`,
      `a token is valid for at most ${MAX_TOKEN_DAYS} days.`,
    );
  }
  return expiresAt;
}

/** Creates a token secret; only its SHA-256 digest and the display prefix are stored. */
export function newTokenSecret(): { secret: string; hash: string; prefix: string } {
  const secret = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
  return { secret, hash: digest(secret), prefix: secret.slice(API_TOKEN_PREFIX.length, API_TOKEN_PREFIX.length + TOKEN_PREFIX_LENGTH) };
}

interface TokenRow {
  id: number;
  user_id: number;
  name: string;
  token_prefix: string;
  access: 'read' | 'write';
  dataspaces: string[] | null;
  expires_at: Date;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const iso = (value: Date | null) => (value === null ? null : new Date(value).toISOString());

function toTokenInfo(row: TokenRow, now = Date.now()): TokenInfo {
  const expiresAt = new Date(row.expires_at);
  return {
    id: Number(row.id),
    name: row.name,
    tokenPrefix: row.token_prefix,
    access: row.access,
    dataspaces: row.dataspaces ?? [],
    expiresAt: expiresAt.toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: iso(row.revoked_at),
    lastUsedAt: iso(row.last_used_at),
    status: row.revoked_at !== null ? 'revoked' : expiresAt.getTime() <= now ? 'expired' : 'active',
  };
}

const TOKEN_COLUMNS = `t.id, t.user_id, t.name, t.token_prefix, t.access, t.expires_at, t.created_at, t.revoked_at, t.last_used_at,
  ARRAY(SELECT d.slug FROM dataspaces d WHERE d.id = ANY(t.dataspace_ids) ORDER BY d.slug) AS dataspaces`;

export async function listTokens(db: Queryable, userId: number): Promise<TokenInfo[]> {
  const { rows } = await db.query<TokenRow>(
    `SELECT ${TOKEN_COLUMNS} FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.id DESC`,
    [userId],
  );
  return rows.map((row) => toTokenInfo(row));
}

export async function findToken(db: Queryable, id: number): Promise<(TokenInfo & { userId: number; dataspaceIds: number[] }) | null> {
  const { rows } = await db.query<TokenRow & { dataspace_ids: number[] }>(
    `SELECT ${TOKEN_COLUMNS}, t.dataspace_ids FROM api_tokens t WHERE t.id = $1 FOR UPDATE OF t`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...toTokenInfo(row), userId: Number(row.user_id), dataspaceIds: row.dataspace_ids.map(Number) };
}

export async function insertToken(
  db: Queryable,
  input: { userId: number; name: string; access: 'read' | 'write'; dataspaceIds: number[]; expiresAt: Date; hash: string; prefix: string },
): Promise<TokenInfo> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, access, dataspace_ids, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6::bigint[], $7) RETURNING id`,
    [input.userId, input.name, input.hash, input.prefix, input.access, input.dataspaceIds, input.expiresAt.toISOString()],
  );
  const { rows: created } = await db.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens t WHERE t.id = $1`, [rows[0].id]);
  return toTokenInfo(created[0]);
}
