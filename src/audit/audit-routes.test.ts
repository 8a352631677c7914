import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startHub, type TestHub } from '../../test/harness.ts';
import { addMember, createDataset, createDataspace, createUserSession } from '../../test/authz-fixtures.ts';
import { recordAudit } from './audit.ts';

describe('audit routes', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  let koordination: Record<string, string>;
  let lesen: Record<string, string>;

  beforeAll(async () => {
    hub = await startHub();
    admin = await adminHeaders(hub.app);
    koordination = await createUserSession(hub, admin, 'koord');
    lesen = await createUserSession(hub, admin, 'leser');
    await createDataspace(hub, admin, 'bildung');
    await createDataspace(hub, admin, 'finanzen');
    await addMember(hub, admin, 'bildung', 'koord', 'koordination');
    await addMember(hub, admin, 'bildung', 'leser', 'lesen');
    await createDataset(hub, admin, 'bildung', 'schulen', 'intern');
    await createDataset(hub, admin, 'finanzen', 'haushalt', 'intern');
    const { rows } = await hub.ctx.db.query<{ id: number }>(`SELECT id FROM dataspaces WHERE slug = 'bildung'`);
    await recordAudit(hub.ctx.db, {
      actor: { userId: null, username: 'import-skript' },
      action: 'import.commit',
      dataspaceId: Number(rows[0].id),
      objectType: 'dataset',
      objectId: 'schulen',
      details: { note: 'Spalte "Anzahl", Zeilen 1.234' },
      sourceAddress: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await hub?.close();
  });

  const get = (query: string, headers: Record<string, string> = {}) =>
    hub.app.inject({ method: 'GET', url: `/api/v1/audit${query}`, headers });

  it('admin sees all entries', async () => {
    const response = await get('?limit=1000', admin);
    expect(response.statusCode).toBe(200);
    const actions = new Set(response.json().entries.map((entry: { action: string }) => entry.action));
    expect([...actions].sort()).toEqual(['auth.login', 'dataset.create', 'dataspace.create', 'import.commit', 'member.add', 'user.create']);
  });

  it('filters by action and actor', async () => {
    const response = await get('?action=dataset.create&actor=admin', admin);
    const entries = response.json().entries;
    expect(entries.map((entry: { dataspace: string; objectId: string }) => [entry.dataspace, entry.objectId])).toEqual([
      ['finanzen', 'haushalt'],
      ['bildung', 'schulen'],
    ]);
    expect(response.json().total).toBe(2);
  });

  it('pages with limit and offset', async () => {
    const all = (await get('?action=member.add', admin)).json();
    expect(all.total).toBe(2);
    const second = (await get('?action=member.add&limit=1&offset=1', admin)).json();
    expect(second).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(second.entries.map((entry: { id: number }) => entry.id)).toEqual([all.entries[1].id]);
  });

  it('filters by time range', async () => {
    const future = await get('?from=2999-01-01', admin);
    expect(future.json().total).toBe(0);
    const past = await get('?to=2000-01-01T00:00:00Z', admin);
    expect(past.json().total).toBe(0);
    const now = await get(`?from=2000-01-01&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&action=dataset.create`, admin);
    expect(now.json().total).toBe(2);
  });

  it('date filter covers whole Berlin day', async () => {
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const response = await get(`?from=${today}&to=${today}&action=dataset.create`, admin);
    expect(response.json().total).toBe(2);
    const before = await get(`?to=2000-01-01&action=dataset.create`, admin);
    expect(before.json().total).toBe(0);
  });

  it('invalid time gives German 400', async () => {
    const response = await get('?from=gestern', admin);
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe(
      'Ungültiger Zeitpunkt in „from“: „gestern“. Erwartet wird ISO 8601, z. B. 2026-01-31 oder 2026-01-31T12:00:00Z.',
    );
  });

  it('koordination sees only own dataspaces', async () => {
    const response = await get('?limit=1000', koordination);
    expect(response.statusCode).toBe(200);
    const spaces = new Set(response.json().entries.map((entry: { dataspace: string | null }) => entry.dataspace));
    expect([...spaces]).toEqual(['bildung']);
  });

  it('koordination with foreign filter gets 403', async () => {
    expect((await get('?dataspace=finanzen', koordination)).statusCode).toBe(403);
    expect((await get('?dataspace=gibt-es-nicht', koordination)).statusCode).toBe(403);
  });

  it('admin with unknown dataspace gets 404', async () => {
    expect((await get('?dataspace=gibt-es-nicht', admin)).statusCode).toBe(404);
  });

  it('lesen and anonymous are rejected', async () => {
    expect((await get('', lesen)).statusCode).toBe(403);
    expect((await get('')).statusCode).toBe(401);
  });

  it('csv export is RFC 4180 with German header', async () => {
    const response = await get('?format=csv&dataspace=bildung&action=import.commit', koordination);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="protokoll-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = response.body.split('\r\n');
    expect(lines[0]).toBe('Nr.,Zeitpunkt (UTC),Akteur,Aktion,Datenraum,Objekttyp,Objekt,Details,Quelladresse');
    expect(lines[1]).toMatch(
      /^\d+,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,import-skript,import.commit,bildung,dataset,schulen,"{""note"":""Spalte \\""Anzahl\\"", Zeilen 1.234""}",127.0.0.1$/,
    );
    expect(lines[2]).toBe('');
    expect(lines).toHaveLength(3);
  });

  it('csv export streams more than one batch', async () => {
    const { rows } = await hub.ctx.db.query<{ id: number }>(`SELECT id FROM dataspaces WHERE slug = 'finanzen'`);
    for (let i = 0; i < 1005; i++) {
      await recordAudit(hub.ctx.db, { actor: null, action: 'dataset.update', dataspaceId: Number(rows[0].id), objectId: `n${i}` });
    }
    const response = await get('?format=csv&dataspace=finanzen&action=dataset.update', admin);
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1006);
    expect(lines[1]).toContain(',n1004,');
    expect(lines[1005]).toContain(',n0,');
  });
});
