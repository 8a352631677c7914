import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startHub, type TestHub } from './harness.ts';
import { addMember, createDataset, createDataspace, createUserSession, USER_PASSWORD } from './authz-fixtures.ts';
import { runImportCli } from './cli.ts';

/*
 * Authorization of imports, through the API and through the `datahub import` command.
 * Expected results are written out by hand from the role descriptions. Redaktion and above
 * may import into their own dataspace, and readers get 403. Outsiders get 403 for a dataset
 * their access level shows them and 404 for a hidden one. Anonymous callers get 401 for a
 * visible dataset and 404 for a hidden one.
 */

const CALLERS = ['koordination', 'entwicklung', 'redaktion', 'lesen', 'nichtmitglied', 'anonym', 'admin'] as const;
type Caller = (typeof CALLERS)[number];
type Level = 'oeffentlich' | 'intern' | 'datenraum';

//                     koord entw red  lesen nicht anonym admin
const OWN: Record<Level, number[]> = {
  oeffentlich:        [201, 201, 201, 403, 403, 401, 201],
  intern:             [201, 201, 201, 403, 403, 404, 201],
  datenraum:          [201, 201, 201, 403, 404, 404, 201],
};
// In the foreign dataspace every caller except the admin is an outsider.
const FOREIGN: Record<Level, number[]> = {
  oeffentlich:        [403, 403, 403, 403, 403, 401, 201],
  intern:             [403, 403, 403, 403, 403, 404, 201],
  datenraum:          [404, 404, 404, 404, 404, 404, 201],
};

const CSV = 'Planungsraum;Einwohner\n01100101;3.456\n01100102;–\n';
describe('import authorization', () => {
  let hub: TestHub;
  let server: string;
  let tmp: string;
  let csvFile: string;
  const headers: Record<Caller, Record<string, string>> = {} as never;

  beforeAll(async () => {
    hub = await startHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-authz-import-'));
    csvFile = path.join(tmp, 'einwohner.csv');
    fs.writeFileSync(csvFile, CSV);

    const admin = await adminHeaders(hub.app);
    headers.admin = admin;
    headers.anonym = {};
    for (const caller of ['koordination', 'entwicklung', 'redaktion', 'lesen', 'nichtmitglied'] as const) {
      headers[caller] = await createUserSession(hub, admin, `u-${caller}`);
    }
    for (const space of ['eigen', 'fremd']) {
      await createDataspace(hub, admin, space);
      for (const level of ['oeffentlich', 'intern', 'datenraum']) await createDataset(hub, admin, space, level, level);
    }
    for (const role of ['koordination', 'entwicklung', 'redaktion', 'lesen'] as const) {
      await addMember(hub, admin, 'eigen', `u-${role}`, role);
    }
  });
  afterAll(async () => {
    await hub?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const cases = CALLERS.flatMap((caller, column) =>
    (['eigen', 'fremd'] as const).flatMap((space) =>
      (['oeffentlich', 'intern', 'datenraum'] as const).map((level) => ({
        caller,
        space,
        level,
        expected: (space === 'eigen' ? OWN : FOREIGN)[level][column],
      })),
    ),
  );

  it.each(cases)('api: $caller imports into $space/$level: $expected', async ({ caller, space, level, expected }) => {
    const boundary = '----datahub-authz';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="einwohner.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\n${CSV}\r\n--${boundary}--\r\n`;
    const response = await hub.app.inject({
      method: 'POST',
      url: `/api/v1/dataspaces/${space}/datasets/${level}/imports?commit=true`,
      headers: { ...headers[caller], 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(expected);
  });

  // The CLI goes through the same API. These cases show that it reports refusals as
  // German messages with exit status 1 and never writes a version.
  const cliCases = cases.filter((entry) => entry.level !== 'intern' && entry.caller !== 'anonym');

  it.each(cliCases)('cli: $caller imports into $space/$level: $expected', async ({ caller, space, level, expected }) => {
    const username = caller === 'admin' ? 'admin' : `u-${caller}`;
    const password = caller === 'admin' ? hub.config.adminPassword! : USER_PASSWORD;
    const before = await versionCount(space, level);
    const run = await runImportCli([csvFile, '--space', space, '--dataset', level, '--server', server, '--user', username], {
      DATAHUB_PASSWORD: password,
    });
    if (expected === 201) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('ist jetzt aktuell');
      expect(await versionCount(space, level)).toBe(before + 1);
    } else {
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toMatch(expected === 403 ? /keine Berechtigung|nicht berechtigt/i : /gibt es nicht|keinen Zugriff/);
      expect(await versionCount(space, level)).toBe(before);
    }
  });

  it('cli without credentials is a usage error', async () => {
    const run = await runImportCli([csvFile, '--space', 'eigen', '--dataset', 'oeffentlich', '--server', server], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DATAHUB_TOKEN');
  });

  async function versionCount(space: string, dataset: string): Promise<number> {
    const { rows } = await hub.ctx.db.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM dataset_versions v JOIN datasets s ON s.id = v.dataset_id
         JOIN dataspaces d ON d.id = s.dataspace_id WHERE d.slug = $1 AND s.slug = $2 AND v.status = 'ready'`,
      [space, dataset],
    );
    return rows[0].count;
  }
});
