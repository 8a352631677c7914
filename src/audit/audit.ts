import type { Queryable } from '../db/db.ts';
import type { Principal } from '../auth/principal.ts';

/** Audited actions. The names are stable: filters and CSV exports refer to them. */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.password_change'
  | 'user.create'
  | 'dataspace.create'
  | 'member.add'
  | 'member.role_change'
  | 'member.remove'
  | 'token.create'
  | 'token.revoke'
  | 'dataset.create'
  | 'dataset.update'
  | 'dataset.access_level_change'
  | 'dataset.delete'
  | 'import.commit'
  | 'import.failed'
  | 'version.restore';

export interface AuditEntry {
  actor: Pick<Principal, 'userId' | 'username'> | { userId: null; username: string } | null;
  action: AuditAction;
  dataspaceId?: number | null;
  objectType?: string;
  objectId?: string | number;
  details?: Record<string, unknown>;
  sourceAddress?: string | null;
}

/** Appends one entry to the audit log. Pass the transaction that makes the change, so both commit together. */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_name, action, dataspace_id, object_type, object_id, details, source_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.actor?.userId ?? null,
      entry.actor?.username ?? null,
      entry.action,
      entry.dataspaceId ?? null,
      entry.objectType ?? null,
      entry.objectId === undefined ? null : String(entry.objectId),
      JSON.stringify(entry.details ?? {}),
      entry.sourceAddress ?? null,
    ],
  );
}
