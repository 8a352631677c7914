import type { Queryable } from '../db/db.ts';
import type { Principal } from '../auth/principal.ts';
import { assertAllowed, type Action } from '../auth/permissions.ts';
import type { Role } from '../auth/roles.ts';
import { notFound } from '../http/problem.ts';

export interface DataspaceRef {
  id: number;
  slug: string;
  name: string;
  /** The caller's role here, or null when the caller is no member (or anonymous). */
  role: Role | null;
}

export async function roleIn(db: Queryable, userId: number | undefined, dataspaceId: number): Promise<Role | null> {
  if (userId === undefined) return null;
  const { rows } = await db.query<{ role: Role }>(
    'SELECT role FROM memberships WHERE dataspace_id = $1 AND user_id = $2',
    [dataspaceId, userId],
  );
  return rows[0]?.role ?? null;
}

export const dataspaceNotFound = (slug: string) =>
  notFound({
    de: `Den Datenraum „${slug}“ gibt es nicht, oder Sie haben keinen Zugriff darauf.`,
    en: `Dataspace "${slug}" does not exist or you have no access to it.`,
  });

/** Loads a dataspace by slug without any permission check. */
export async function findDataspace(db: Queryable, slug: string, principal: Principal | null): Promise<DataspaceRef | null> {
  const { rows } = await db.query<{ id: number; slug: string; name: string }>(
    'SELECT id, slug, name FROM dataspaces WHERE slug = $1',
    [slug],
  );
  const row = rows[0];
  if (!row) return null;
  const id = Number(row.id);
  return { id, slug: row.slug, name: row.name, role: await roleIn(db, principal?.userId, id) };
}

/**
 * Loads a dataspace and checks that the caller may perform `action` in it.
 * Callers without any right in the dataspace get 404, so slugs of foreign dataspaces do not leak.
 */
export async function loadDataspace(db: Queryable, slug: string, principal: Principal | null, action: Action): Promise<DataspaceRef> {
  const space = await findDataspace(db, slug, principal);
  if (!space) throw dataspaceNotFound(slug);
  const isInsider = principal?.isAdmin || space.role !== null;
  if (!isInsider) throw dataspaceNotFound(slug);
  assertAllowed(principal, action, { dataspaceId: space.id, role: space.role });
  return space;
}
