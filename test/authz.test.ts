import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/auth/roles.ts';
import { adminHeaders, startHub, type TestHub } from './harness.ts';
import { addMember, createDataset, createDataspace, createUserSession, insertTwoVersions } from './authz-fixtures.ts';

/*
 * Expected status codes come from the role descriptions of the product, written out by hand,
 * so that a bug in isAllowed() or in a route's permission check makes a cell fail.
 */

/** A caller's relation to one dataspace: a member role, a logged-in outsider, anonymous or the platform admin. */
type Relation = Role | 'nichtmitglied' | 'anonym' | 'admin';
const RELATIONS: Relation[] = ['koordination', 'entwicklung', 'redaktion', 'lesen', 'nichtmitglied', 'anonym', 'admin'];

type AccessLevel = 'oeffentlich' | 'intern' | 'datenraum';
const LEVELS: AccessLevel[] = ['oeffentlich', 'intern', 'datenraum'];

// Who can see that a dataset exists at all; everyone else gets 404.
//                      koord  entw   red    lesen  nicht  anonym admin
const VISIBLE: Record<AccessLevel, boolean[]> = {
  oeffentlich:         [true, true, true, true, true, true, true],
  intern:              [true, true, true, true, true, false, true],
  datenraum:           [true, true, true, true, false, false, true],
};

// Status for a dataset the caller can see.
//                      koord entw red  lesen nicht anonym admin
const DATASET_ACTIONS: Record<string, number[]> = {
  'GET dataset':       [200, 200, 200, 200, 200, 200, 200],
  'GET rows':          [200, 200, 200, 200, 200, 200, 200],
  'GET schema':        [200, 200, 200, 200, 200, 200, 200],
  'GET versions':      [200, 200, 200, 200, 200, 200, 200],
  'PATCH metadata':    [200, 200, 200, 403, 403, 401, 200],
  'PATCH schema':      [200, 200, 403, 403, 403, 401, 200],
  'PATCH accessLevel': [200, 403, 403, 403, 403, 401, 200],
  'DELETE dataset':    [204, 403, 403, 403, 403, 401, 204],
  'POST restore':      [200, 403, 403, 403, 403, 401, 200],
};

// Status for actions on the dataspace itself; outsiders get 404 so foreign slugs do not leak.
//                      koord entw red  lesen nicht anonym admin
const DATASPACE_ACTIONS: Record<string, number[]> = {
  'GET dataspace':     [200, 200, 200, 200, 404, 404, 200],
  'PATCH dataspace':   [200, 403, 403, 403, 404, 404, 200],
  'GET datasets':      [200, 200, 200, 200, 200, 200, 200],
  'POST dataset':      [201, 201, 403, 403, 404, 404, 201],
  'POST member':       [201, 403, 403, 403, 404, 404, 201],
  'GET members':       [200, 200, 200, 200, 404, 404, 200],
  'POST token':        [201, 201, 403, 403, 404, 401, 201],
  'GET audit':         [200, 403, 403, 403, 403, 401, 200],
};

// Datasets listed to each relation: one per visible access level.
const LISTED_DATASETS = [3, 3, 3, 3, 2, 1, 3];

/** The test callers: four members of "eigen", one account without membership, anonymous and the admin. */
const CALLERS = ['koordination', 'entwicklung', 'redaktion', 'lesen', 'nichtmitglied', 'anonym', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
const SPACES = ['eigen', 'fremd'] as const;

function relationOf(caller: Caller, space: (typeof SPACES)[number]): Relation {
  if (caller === 'nichtmitglied' || caller === 'anonym' || caller === 'admin') return caller;
  return space === 'eigen' ? caller : 'nichtmitglied';
}

const NEXT_LEVEL: Record<AccessLevel, AccessLevel> = { oeffentlich: 'intern', intern: 'datenraum', datenraum: 'oeffentlich' };

describe('authorization matrix', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  const headers: Record<Caller, Record<string, string>> = {} as never;
  let counter = 0;

  beforeAll(async () => {
    hub = await startHub();
    admin = await adminHeaders(hub.app);
    headers.admin = admin;
    headers.anonym = {};
    for (const caller of ['koordination', 'entwicklung', 'redaktion', 'lesen', 'nichtmitglied'] as const) {
      headers[caller] = await createUserSession(hub, admin, `u-${caller}`);
    }
    await createUserSession(hub, admin, 'kandidat');
    for (const space of SPACES) {
      await createDataspace(hub, admin, space);
      for (const level of LEVELS) await restoreDataset(space, level);
    }
    for (const role of ['koordination', 'entwicklung', 'redaktion', 'lesen'] as const) {
      await addMember(hub, admin, 'eigen', `u-${role}`, role);
    }
    // "fremd" has its own Koordination, so the matrix callers are outsiders there.
    await createUserSession(hub, admin, 'fremd-koord');
    await addMember(hub, admin, 'fremd', 'fremd-koord', 'koordination');
  });
  afterAll(async () => {
    await hub?.close();
  });

  async function restoreDataset(space: string, level: AccessLevel) {
    await createDataset(hub, admin, space, level, level);
    await insertTwoVersions(hub.ctx.db, space, level);
  }

  const call = (caller: Caller, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    hub.app.inject({ method, url: `/api/v1${url}`, headers: headers[caller], payload });

  /** Runs one dataset action and undoes its effect when it succeeded, so every cell starts from the same state. */
  async function runDatasetAction(action: string, caller: Caller, space: string, level: AccessLevel) {
    const base = `/dataspaces/${space}/datasets/${level}`;
    switch (action) {
      case 'GET dataset':
        return call(caller, 'GET', base);
      case 'GET rows':
        return call(caller, 'GET', `${base}/rows`);
      case 'GET schema':
        return call(caller, 'GET', `${base}/schema`);
      case 'GET versions':
        return call(caller, 'GET', `${base}/versions`);
      case 'PATCH metadata':
        return call(caller, 'PATCH', base, { description: `geändert von ${caller}` });
      case 'PATCH schema':
        return call(caller, 'PATCH', `${base}/schema`, { columns: [{ name: 'a', unit: 'Personen' }] });
      case 'PATCH accessLevel': {
        const response = await call(caller, 'PATCH', base, { accessLevel: NEXT_LEVEL[level] });
        if (response.statusCode === 200) {
          await hub.ctx.db.query(
            'UPDATE datasets SET access_level = $1 WHERE slug = $1 AND dataspace_id = (SELECT id FROM dataspaces WHERE slug = $2)',
            [level, space],
          );
        }
        return response;
      }
      case 'DELETE dataset': {
        const response = await call(caller, 'DELETE', base);
        if (response.statusCode === 204) await restoreDataset(space, level);
        return response;
      }
      case 'POST restore': {
        const response = await call(caller, 'POST', `${base}/versions/1/restore`);
        if (response.statusCode === 200) {
          expect(response.json()).toEqual({ currentVersion: 1, previousVersion: 2, changed: true });
          await hub.ctx.db.query(
            'UPDATE datasets SET current_version = 2 WHERE slug = $1 AND dataspace_id = (SELECT id FROM dataspaces WHERE slug = $2)',
            [level, space],
          );
        }
        return response;
      }
      default:
        throw new Error(`unknown action ${action}`);
    }
  }

  async function runDataspaceAction(action: string, caller: Caller, space: string) {
    switch (action) {
      case 'GET dataspace':
        return call(caller, 'GET', `/dataspaces/${space}`);
      case 'PATCH dataspace':
        return call(caller, 'PATCH', `/dataspaces/${space}`, { description: `geändert von ${caller}` });
      case 'GET datasets':
        return call(caller, 'GET', `/dataspaces/${space}/datasets`);
      case 'POST dataset': {
        const slug = `neu-${++counter}`;
        const response = await call(caller, 'POST', `/dataspaces/${space}/datasets`, { slug, title: 'Neu', accessLevel: 'intern' });
        if (response.statusCode === 201) await hub.ctx.db.query('DELETE FROM datasets WHERE slug = $1', [slug]);
        return response;
      }
      case 'POST member': {
        const response = await call(caller, 'POST', `/dataspaces/${space}/members`, { username: 'kandidat', role: 'lesen' });
        if (response.statusCode === 201) {
          await hub.ctx.db.query(
            `DELETE FROM memberships WHERE user_id = (SELECT id FROM users WHERE username = 'kandidat')`,
          );
        }
        return response;
      }
      case 'GET members':
        return call(caller, 'GET', `/dataspaces/${space}/members`);
      case 'POST token':
        return call(caller, 'POST', '/tokens', { name: `Skript ${caller}`, dataspaces: [space], access: 'read' });
      case 'GET audit':
        return call(caller, 'GET', `/audit?dataspace=${space}`);
      default:
        throw new Error(`unknown action ${action}`);
    }
  }

  const datasetCases = CALLERS.flatMap((caller) =>
    SPACES.flatMap((space) =>
      LEVELS.flatMap((level) =>
        Object.keys(DATASET_ACTIONS).map((action) => {
          const column = RELATIONS.indexOf(relationOf(caller, space));
          const expected = VISIBLE[level][column] ? DATASET_ACTIONS[action][column] : 404;
          return { caller, space, level, action, expected };
        }),
      ),
    ),
  );

  it.each(datasetCases)('$caller in $space: $action on $level is $expected', async ({ caller, space, level, action, expected }) => {
    const response = await runDatasetAction(action, caller, space, level);
    expect(response.statusCode, response.body).toBe(expected);
  });

  const dataspaceCases = CALLERS.flatMap((caller) =>
    SPACES.flatMap((space) =>
      Object.keys(DATASPACE_ACTIONS).map((action) => {
        const column = RELATIONS.indexOf(relationOf(caller, space));
        return { caller, space, action, expected: DATASPACE_ACTIONS[action][column], listed: LISTED_DATASETS[column] };
      }),
    ),
  );

  it.each(dataspaceCases)('$caller in $space: $action is $expected', async ({ caller, space, action, expected, listed }) => {
    const response = await runDataspaceAction(action, caller, space);
    expect(response.statusCode, response.body).toBe(expected);
    if (action === 'GET datasets') expect(response.json().datasets).toHaveLength(listed);
  });

  describe('api tokens', () => {
    async function createToken(owner: Record<string, string>, dataspaces: string[], access: 'read' | 'write') {
      const response = await hub.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: owner, payload: { name: 'Test', dataspaces, access } });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json();
      return { id: body.id as number, headers: { authorization: `Bearer ${body.token}` } };
    }
    const viaToken = (token: { headers: Record<string, string> }, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      hub.app.inject({ method, url: `/api/v1${url}`, headers: token.headers, payload });

    it('read token reads but cannot write', async () => {
      const token = await createToken(headers.koordination, ['eigen'], 'read');
      const read = await viaToken(token, 'GET', '/dataspaces/eigen/datasets/datenraum');
      expect(read.statusCode).toBe(200);
      const write = await viaToken(token, 'PATCH', '/dataspaces/eigen/datasets/datenraum', { description: 'per Token' });
      expect(write.statusCode).toBe(403);
      const restore = await viaToken(token, 'POST', '/dataspaces/eigen/datasets/datenraum/versions/1/restore');
      expect(restore.statusCode).toBe(403);
    });

    it('write token may write', async () => {
      const token = await createToken(headers.koordination, ['eigen'], 'write');
      const write = await viaToken(token, 'PATCH', '/dataspaces/eigen/datasets/datenraum', { description: 'per Token' });
      expect(write.statusCode).toBe(200);
    });

    it('token for one space cannot read another', async () => {
      // The admin may read everything, so only the token's scope can cause the 404.
      const token = await createToken(admin, ['eigen'], 'write');
      const own = await viaToken(token, 'GET', '/dataspaces/eigen/datasets/datenraum');
      expect(own.statusCode).toBe(200);
      const foreign = await viaToken(token, 'GET', '/dataspaces/fremd/datasets/datenraum');
      expect(foreign.statusCode).toBe(404);
      const foreignSchema = await viaToken(token, 'GET', '/dataspaces/fremd/datasets/datenraum/schema');
      expect(foreignSchema.statusCode).toBe(404);
      const foreignList = await viaToken(token, 'GET', '/dataspaces/fremd/datasets');
      expect(foreignList.statusCode).toBe(404);
    });

    it('token cannot create tokens', async () => {
      const token = await createToken(headers.entwicklung, ['eigen'], 'write');
      const response = await viaToken(token, 'POST', '/tokens', { name: 'Kette', dataspaces: ['eigen'], access: 'read' });
      expect(response.statusCode).toBe(403);
    });

    it('revoked token gives 401', async () => {
      const token = await createToken(headers.entwicklung, ['eigen'], 'read');
      expect((await viaToken(token, 'GET', '/dataspaces/eigen/datasets/intern')).statusCode).toBe(200);
      const revoke = await hub.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${token.id}`, headers: headers.entwicklung });
      expect(revoke.statusCode).toBe(204);
      expect((await viaToken(token, 'GET', '/dataspaces/eigen/datasets/intern')).statusCode).toBe(401);
    });

    it('expired token gives 401', async () => {
      const token = await createToken(headers.entwicklung, ['eigen'], 'read');
      await hub.ctx.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [token.id]);
      expect((await viaToken(token, 'GET', '/dataspaces/eigen/datasets/oeffentlich')).statusCode).toBe(401);
    });
  });
});
