import type { Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/db.ts';
import { ApiError, forbidden, unauthenticated } from '../http/problem.ts';

export interface AuditFilter {
  dataspace?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

export interface AuditRecord {
  id: number;
  occurredAt: string;
  actor: string | null;
  action: string;
  dataspace: string | null;
  objectType: string | null;
  objectId: string | null;
  details: Record<string, unknown>;
  sourceAddress: string | null;
}

/** A compiled filter: SQL conditions over audit_log a and dataspaces d, with their parameters. */
export interface AuditQuery {
  conditions: string[];
  params: unknown[];
}

const auditForbidden = () =>
  forbidden({
    de: 'Das Protokoll dürfen nur die Plattform-Administration und die Koordination eines Datenraums lesen.',
    en: 'Only platform administrators and a dataspace’s koordination may read the audit log.',
  });

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Validates an ISO 8601 date or time from the query string; throws 400 naming the parameter. */
function checkTime(name: 'from' | 'to', value: string): string {
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time.getTime())) {
    throw new ApiError(400, 'invalid-time', {
      de: `Ungültiger Zeitpunkt in „${name}“: „${value}“. Erwartet wird ISO 8601, z. B. 2026-01-31 oder 2026-01-31T12:00:00Z.`,
      en: `Invalid time in "${name}": "${value}". Expected ISO 8601 such as 2026-01-31 or 2026-01-31T12:00:00Z.`,
    });
  }
  return DATE_ONLY.test(value) ? value : time.toISOString();
}

/**
 * Dataspace ids whose log the caller may read: null means every entry (platform admin with a
 * session). A Koordination reads only its dataspaces, and an API token narrows them further.
 */
async function readableDataspaces(db: Queryable, principal: Principal): Promise<number[] | null> {
  if (principal.isAdmin && !principal.token) return null;
  if (principal.token && principal.token.access !== 'write') return [];
  const { rows } = principal.isAdmin
    ? await db.query<{ id: number }>('SELECT id FROM dataspaces')
    : await db.query<{ id: number }>(`SELECT dataspace_id AS id FROM memberships WHERE user_id = $1 AND role = 'koordination'`, [principal.userId]);
  const ids = rows.map((row) => Number(row.id));
  return principal.token ? ids.filter((id) => principal.token!.dataspaceIds.includes(id)) : ids;
}

/** Checks the caller's right to read the log and turns the filter into SQL conditions. */
export async function compileAuditQuery(db: Queryable, principal: Principal | null, filter: AuditFilter): Promise<AuditQuery> {
  if (!principal) throw unauthenticated();
  const readable = await readableDataspaces(db, principal);
  if (readable !== null && readable.length === 0) throw auditForbidden();

  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };

  if (filter.dataspace !== undefined) {
    const { rows } = await db.query<{ id: number }>('SELECT id FROM dataspaces WHERE slug = $1', [filter.dataspace]);
    const id = rows[0] ? Number(rows[0].id) : null;
    if (id === null || (readable !== null && !readable.includes(id))) {
      if (readable !== null) throw auditForbidden();
      throw new ApiError(404, 'not-found', {
        de: `Den Datenraum „${filter.dataspace}“ gibt es nicht. Bitte prüfen Sie den Filter „dataspace“.`,
        en: `Dataspace "${filter.dataspace}" does not exist. Please check the "dataspace" filter.`,
      });
    }
    add((p) => `a.dataspace_id = ${p}`, id);
  } else if (readable !== null) {
    add((p) => `a.dataspace_id = ANY(${p}::bigint[])`, readable);
  }
  if (filter.actor !== undefined) add((p) => `a.actor_name = ${p}`, filter.actor);
  if (filter.action !== undefined) add((p) => `a.action = ${p}`, filter.action);
  // A bare date means a whole calendar day in Berlin, so "to" includes the entries of that day.
  if (filter.from !== undefined) {
    const from = checkTime('from', filter.from);
    if (DATE_ONLY.test(from)) add((p) => `a.occurred_at >= ${p}::date::timestamp AT TIME ZONE 'Europe/Berlin'`, from);
    else add((p) => `a.occurred_at >= ${p}::timestamptz`, from);
  }
  if (filter.to !== undefined) {
    const to = checkTime('to', filter.to);
    if (DATE_ONLY.test(to)) add((p) => `a.occurred_at < (${p}::date + 1)::timestamp AT TIME ZONE 'Europe/Berlin'`, to);
    else add((p) => `a.occurred_at <= ${p}::timestamptz`, to);
  }
  return { conditions, params };
}

interface AuditRow {
  id: number;
  occurred_at: Date;
  actor_name: string | null;
  action: string;
  dataspace: string | null;
  object_type: string | null;
  object_id: string | null;
  details: Record<string, unknown>;
  source_address: string | null;
}

function toRecord(row: AuditRow): AuditRecord {
  return {
    id: Number(row.id),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: row.actor_name,
    action: row.action,
    dataspace: row.dataspace,
    objectType: row.object_type,
    objectId: row.object_id,
    details: row.details,
    sourceAddress: row.source_address,
  };
}

const SELECT_ENTRIES = `SELECT a.id, a.occurred_at, a.actor_name, a.action, d.slug AS dataspace, a.object_type, a.object_id, a.details, a.source_address
  FROM audit_log a LEFT JOIN dataspaces d ON d.id = a.dataspace_id`;

function where(conditions: string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/** Returns one page of entries, newest first, with the total count of matching entries. */
export async function readAuditPage(db: Queryable, query: AuditQuery, limit: number, offset: number) {
  const count = await db.query<{ total: number }>(`SELECT count(*) AS total FROM audit_log a ${where(query.conditions)}`, query.params);
  const n = query.params.length;
  const { rows } = await db.query<AuditRow>(
    `${SELECT_ENTRIES} ${where(query.conditions)} ORDER BY a.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...query.params, limit, offset],
  );
  return { total: Number(count.rows[0].total), entries: rows.map(toRecord) };
}

/**
 * Yields all matching entries, newest first, in batches of `batchSize` using keyset paging on
 * the id, so an export of the whole log holds only one batch in memory.
 */
export async function* streamAuditEntries(db: Queryable, query: AuditQuery, batchSize = 1000): AsyncGenerator<AuditRecord> {
  let beforeId: number | null = null;
  for (;;) {
    const conditions = [...query.conditions];
    const params = [...query.params];
    if (beforeId !== null) {
      params.push(beforeId);
      conditions.push(`a.id < $${params.length}`);
    }
    params.push(batchSize);
    const { rows } = await db.query<AuditRow>(`${SELECT_ENTRIES} ${where(conditions)} ORDER BY a.id DESC LIMIT $${params.length}`, params);
    for (const row of rows) yield toRecord(row);
    if (rows.length < batchSize) return;
    beforeId = Number(rows[rows.length - 1].id);
  }
}
