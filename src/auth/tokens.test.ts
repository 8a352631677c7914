import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startHub, type TestHub } from '../../test/harness.ts';
import { addMember, createDataspace, createUserSession } from '../../test/authz-fixtures.ts';
import { tokenExpiry } from './tokens.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('tokenExpiry', () => {
  const now = new Date('2026-03-01T12:00:00Z');

  it('defaults to 90 days', () => {
    expect(tokenExpiry({}, now).toISOString()).toBe('2026-05-30T12:00:00.000Z');
  });

  it('accepts days', () => {
    expect(tokenExpiry({ expiresInDays: 1 }, now).getTime()).toBe(now.getTime() + DAY_MS);
  });

  it('accepts time within 365 days', () => {
    expect(tokenExpiry({ expiresAt: '2027-03-01T12:00:00Z' }, now).toISOString()).toBe('2027-03-01T12:00:00.000Z');
  });

  it('rejects time beyond 365 days', () => {
    expect(() => tokenExpiry({ expiresAt: '2027-03-01T12:00:01Z' }, now)).toThrow(/at most 365 days/);
  });

  it('rejects past time', () => {
    expect(() => tokenExpiry({ expiresAt: '2026-03-01T11:59:59Z' }, now)).toThrow(/in the past/);
  });

  it('rejects non-ISO text', () => {
    expect(() => tokenExpiry({ expiresAt: 'morgen' }, now)).toThrow(/ISO 8601/);
  });

  it('rejects both forms together', () => {
    expect(() => tokenExpiry({ expiresAt: '2026-04-01T00:00:00Z', expiresInDays: 3 }, now)).toThrow(/not both/);
  });
});

describe('token routes', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  let entwickler: Record<string, string>;
  let leser: Record<string, string>;

  beforeAll(async () => {
    hub = await startHub();
    admin = await adminHeaders(hub.app);
    entwickler = await createUserSession(hub, admin, 'entwickler');
    leser = await createUserSession(hub, admin, 'leser');
    await createDataspace(hub, admin, 'verkehr');
    await createDataspace(hub, admin, 'umwelt');
    await addMember(hub, admin, 'verkehr', 'entwickler', 'entwicklung');
    await addMember(hub, admin, 'umwelt', 'entwickler', 'entwicklung');
    await addMember(hub, admin, 'verkehr', 'leser', 'lesen');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const post = (headers: Record<string, string>, payload: object) =>
    hub.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload });

  it('create returns secret once and stores digest', async () => {
    const response = await post(entwickler, { name: 'Zählstellen-Skript', dataspaces: ['verkehr'], access: 'read' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.token).toMatch(/^dht_[A-Za-z0-9_-]{43}$/);
    expect(body.tokenPrefix).toBe(body.token.slice(4, 12));
    expect(body).toMatchObject({ name: 'Zählstellen-Skript', access: 'read', dataspaces: ['verkehr'], status: 'active', revokedAt: null });
    const days = (Date.parse(body.expiresAt) - Date.now()) / DAY_MS;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThanOrEqual(90);

    const { rows } = await hub.ctx.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [body.id]);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(body.token.slice(4));

    const list = await hub.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: entwickler });
    const listed = list.json().tokens.find((token: { id: number }) => token.id === body.id);
    expect(listed.tokenPrefix).toBe(body.tokenPrefix);
    expect(listed.token).toBeUndefined();
  });

  it('token limits dataspace list to its scope', async () => {
    const created = (await post(entwickler, { name: 'nur Verkehr', dataspaces: ['verkehr'], access: 'read' })).json();
    const viaToken = await hub.app.inject({ method: 'GET', url: '/api/v1/dataspaces', headers: { authorization: `Bearer ${created.token}` } });
    expect(viaToken.json().dataspaces.map((space: { slug: string }) => space.slug)).toEqual(['verkehr']);
    const viaSession = await hub.app.inject({ method: 'GET', url: '/api/v1/dataspaces', headers: entwickler });
    expect(viaSession.json().dataspaces.map((space: { slug: string }) => space.slug).sort()).toEqual(['umwelt', 'verkehr']);
  });

  it('create for lesen role is forbidden', async () => {
    const response = await post(leser, { name: 'x', dataspaces: ['verkehr'], access: 'read' });
    expect(response.statusCode).toBe(403);
  });

  it('create for unknown dataspace gives 404', async () => {
    const response = await post(entwickler, { name: 'x', dataspaces: ['verkehr', 'gibt-es-nicht'], access: 'read' });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe('Den Datenraum „gibt-es-nicht“ gibt es nicht, oder Sie haben keinen Zugriff darauf.');
    const { rows } = await hub.ctx.db.query(`SELECT id FROM api_tokens WHERE name = 'x'`);
    expect(rows).toEqual([]);
  });

  it('create rejects more than 365 days', async () => {
    const response = await post(entwickler, { name: 'x', dataspaces: ['verkehr'], access: 'read', expiresInDays: 366 });
    expect(response.statusCode).toBe(400);
    expect(response.json().type).toBe('urn:datahub:problem:validation-failed');
  });

  it('create rejects past expiry in German', async () => {
    const response = await post(entwickler, { name: 'x', dataspaces: ['verkehr'], access: 'read', expiresAt: '2020-01-01T00:00:00Z' });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe(
      'Ungültiges Ablaufdatum „2020-01-01T00:00:00Z“: der Zeitpunkt liegt in der Vergangenheit. Bitte wählen Sie einen späteren.',
    );
  });

  it('create rejects empty dataspace list', async () => {
    const response = await post(entwickler, { name: 'x', dataspaces: [], access: 'read' });
    expect(response.statusCode).toBe(400);
  });

  it('revoke by other user gives 404', async () => {
    const created = (await post(entwickler, { name: 'fremd', dataspaces: ['verkehr'], access: 'write' })).json();
    const response = await hub.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers: leser });
    expect(response.statusCode).toBe(404);
  });

  it('token revokes only itself', async () => {
    const first = (await post(entwickler, { name: 'eins', dataspaces: ['verkehr'], access: 'write' })).json();
    const second = (await post(entwickler, { name: 'zwei', dataspaces: ['verkehr'], access: 'write' })).json();
    const bearer = { authorization: `Bearer ${first.token}` };
    const other = await hub.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${second.id}`, headers: bearer });
    expect(other.statusCode).toBe(403);
    const itself = await hub.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${first.id}`, headers: bearer });
    expect(itself.statusCode).toBe(204);
    const after = await hub.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: bearer });
    expect(after.statusCode).toBe(401);
  });

  it('admin revokes any token and audits once', async () => {
    const created = (await post(entwickler, { name: 'zwei Räume', dataspaces: ['verkehr', 'umwelt'], access: 'write' })).json();
    expect(created.dataspaces).toEqual(['umwelt', 'verkehr']);
    const first = await hub.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers: admin });
    expect(first.statusCode).toBe(204);
    const second = await hub.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers: admin });
    expect(second.statusCode).toBe(204);

    const { rows } = await hub.ctx.db.query<{ action: string; actor_name: string; slug: string }>(
      `SELECT a.action, a.actor_name, d.slug FROM audit_log a JOIN dataspaces d ON d.id = a.dataspace_id
        WHERE a.object_type = 'token' AND a.object_id = $1 ORDER BY a.id`,
      [String(created.id)],
    );
    expect(rows.map((row) => [row.action, row.actor_name, row.slug])).toEqual([
      ['token.create', 'entwickler', 'verkehr'],
      ['token.create', 'entwickler', 'umwelt'],
      ['token.revoke', 'admin', 'verkehr'],
      ['token.revoke', 'admin', 'umwelt'],
    ]);
    const list = await hub.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: entwickler });
    expect(list.json().tokens.find((token: { id: number }) => token.id === created.id).status).toBe('revoked');
  });
});
