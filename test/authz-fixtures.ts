import type { Role } from '../src/auth/roles.ts';
import type { Queryable } from '../src/db/db.ts';
import { loginAs, type TestHub } from './harness.ts';

export const USER_PASSWORD = 'nutzer-passwort-123';

type Headers = Record<string, string>;

/** Creates an account through the API and returns bearer headers for a fresh session of it. */
export async function createUserSession(hub: TestHub, admin: Headers, username: string): Promise<Headers> {
  const response = await hub.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: admin,
    payload: { username, password: USER_PASSWORD, displayName: username },
  });
  if (response.statusCode !== 201) throw new Error(`creating user ${username} failed: ${response.body}`);
  return loginAs(hub.app, username, USER_PASSWORD);
}

export async function createDataspace(hub: TestHub, admin: Headers, slug: string): Promise<void> {
  const response = await hub.app.inject({ method: 'POST', url: '/api/v1/dataspaces', headers: admin, payload: { slug, name: `Datenraum ${slug}` } });
  if (response.statusCode !== 201) throw new Error(`creating dataspace ${slug} failed: ${response.body}`);
}

export async function addMember(hub: TestHub, admin: Headers, space: string, username: string, role: Role): Promise<void> {
  const response = await hub.app.inject({ method: 'POST', url: `/api/v1/dataspaces/${space}/members`, headers: admin, payload: { username, role } });
  if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`adding ${username} to ${space} failed: ${response.body}`);
}

export async function createDataset(hub: TestHub, admin: Headers, space: string, slug: string, accessLevel: string): Promise<void> {
  const response = await hub.app.inject({
    method: 'POST',
    url: `/api/v1/dataspaces/${space}/datasets`,
    headers: admin,
    payload: { slug, title: `Datensatz ${slug}`, accessLevel },
  });
  if (response.statusCode !== 201) throw new Error(`creating dataset ${space}/${slug} failed: ${response.body}`);
}

/**
 * Gives a dataset two ready versions the way the loader would leave them: a table
 * datahub_data.ds<ID>_v<N> with one text column per version, and version 2 current.
 */
export async function insertTwoVersions(db: Queryable, space: string, dataset: string): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT s.id FROM datasets s JOIN dataspaces d ON d.id = s.dataspace_id WHERE d.slug = $1 AND s.slug = $2',
    [space, dataset],
  );
  const id = Number(rows[0].id);
  const columns = JSON.stringify([{ name: 'a', sourceName: 'a', type: 'text', physical: 'c1' }]);
  for (const version of [1, 2]) {
    const table = `ds${id}_v${version}`;
    await db.query(`CREATE TABLE datahub_data."${table}" (_row bigint PRIMARY KEY, c1 text)`);
    await db.query(`INSERT INTO datahub_data."${table}" (_row, c1) SELECT g, 'Zeile ' || g FROM generate_series(1, ${version + 1}) g`);
    await db.query(
      `INSERT INTO dataset_versions (dataset_id, version, status, table_name, columns, row_count, completed_at)
       VALUES ($1, $2, 'ready', $3, $4::jsonb, $5, now())`,
      [id, version, table, columns, version + 1],
    );
  }
  await db.query('UPDATE datasets SET current_version = 2 WHERE id = $1', [id]);
  return id;
}
