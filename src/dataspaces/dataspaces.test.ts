import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, startHub, type TestHub } from '../../test/harness.ts';
import { addMember, createDataset, createDataspace, createUserSession } from '../../test/authz-fixtures.ts';

describe('dataspaces api', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  let koordination: Record<string, string>;
  let leser: Record<string, string>;

  beforeAll(async () => {
    hub = await startHub();
    admin = await adminHeaders(hub.app);
    koordination = await createUserSession(hub, admin, 'koord');
    leser = await createUserSession(hub, admin, 'leser');
    await createDataspace(hub, admin, 'stadtentwicklung');
    await createDataspace(hub, admin, 'verkehr');
    await addMember(hub, admin, 'stadtentwicklung', 'koord', 'koordination');
    await addMember(hub, admin, 'stadtentwicklung', 'leser', 'lesen');
    await createDataset(hub, admin, 'stadtentwicklung', 'einwohner', 'datenraum');
  });
  afterAll(async () => {
    await hub?.close();
  });

  const request = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
    hub.app.inject({ method, url: `/api/v1${url}`, headers, payload });

  it('create dataspace needs platform admin', async () => {
    const response = await request('POST', '/dataspaces', koordination, { slug: 'eigener-raum', name: 'Eigener Raum' });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe('Diese Aktion ist der Plattform-Administration vorbehalten.');
  });

  it('create dataspace with taken slug gives 409', async () => {
    const response = await request('POST', '/dataspaces', admin, { slug: 'verkehr', name: 'Noch einmal' });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe('Den Datenraum „verkehr“ gibt es schon. Bitte wählen Sie einen anderen Kurznamen.');
  });

  it('create dataspace rejects invalid slug', async () => {
    const response = await request('POST', '/dataspaces', admin, { slug: 'Groß Buchstaben', name: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json().type).toBe('urn:datahub:problem:validation-failed');
  });

  it('create dataspace returns fields and audits', async () => {
    const response = await request('POST', '/dataspaces', admin, {
      slug: 'umwelt',
      name: 'Umwelt',
      description: 'Luftgüte und Lärm',
      responsibleOffice: 'SenMVKU',
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ slug: 'umwelt', name: 'Umwelt', description: 'Luftgüte und Lärm', responsibleOffice: 'SenMVKU', role: null, datasetCount: 0 });
    const { rows } = await hub.ctx.db.query<{ actor_name: string }>(`SELECT actor_name FROM audit_log WHERE action = 'dataspace.create' AND object_id = 'umwelt'`);
    expect(rows).toEqual([{ actor_name: 'admin' }]);
  });

  it('list shows own dataspaces with role and count', async () => {
    const response = await request('GET', '/dataspaces', leser);
    expect(response.statusCode).toBe(200);
    const list = response.json().dataspaces;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ slug: 'stadtentwicklung', role: 'lesen', datasetCount: 1 });
  });

  it('list shows every dataspace to admin', async () => {
    const response = await request('GET', '/dataspaces', admin);
    const slugs = response.json().dataspaces.map((space: { slug: string }) => space.slug).sort();
    expect(slugs).toEqual(['stadtentwicklung', 'umwelt', 'verkehr']);
  });

  it('list needs login', async () => {
    const response = await request('GET', '/dataspaces');
    expect(response.statusCode).toBe(401);
  });

  it('get foreign dataspace gives 404', async () => {
    const response = await request('GET', '/dataspaces/verkehr', leser);
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe('Den Datenraum „verkehr“ gibt es nicht, oder Sie haben keinen Zugriff darauf.');
  });

  it('patch dataspace needs koordination', async () => {
    const denied = await request('PATCH', '/dataspaces/stadtentwicklung', leser, { name: 'Anders' });
    expect(denied.statusCode).toBe(403);
    const allowed = await request('PATCH', '/dataspaces/stadtentwicklung', koordination, { responsibleOffice: 'SenSBW, Referat I A' });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.json()).toMatchObject({ name: 'Datenraum stadtentwicklung', responsibleOffice: 'SenSBW, Referat I A', role: 'koordination' });
  });

  it('members list readable by members', async () => {
    const response = await request('GET', '/dataspaces/stadtentwicklung/members', leser);
    expect(response.statusCode).toBe(200);
    const members = response.json().members.map((m: { username: string; role: string }) => [m.username, m.role]);
    expect(members).toEqual([
      ['koord', 'koordination'],
      ['leser', 'lesen'],
    ]);
  });

  it('member add by lesen is forbidden', async () => {
    const response = await request('POST', '/dataspaces/stadtentwicklung/members', leser, { username: 'admin', role: 'lesen' });
    expect(response.statusCode).toBe(403);
  });

  it('member add unknown user gives 404', async () => {
    const response = await request('POST', '/dataspaces/stadtentwicklung/members', koordination, { username: 'niemand', role: 'lesen' });
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toContain('Ein Konto „niemand“ gibt es nicht.');
  });

  it('member role change returns 200 and audits', async () => {
    const response = await request('POST', '/dataspaces/stadtentwicklung/members', koordination, { username: 'leser', role: 'redaktion' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ username: 'leser', role: 'redaktion' });
    const { rows } = await hub.ctx.db.query<{ details: unknown }>(
      `SELECT details FROM audit_log WHERE action = 'member.role_change' AND object_id = 'leser'`,
    );
    expect(rows.map((row) => row.details)).toEqual([{ from: 'lesen', to: 'redaktion' }]);
  });

  it('last koordination cannot be demoted', async () => {
    const response = await request('POST', '/dataspaces/stadtentwicklung/members', koordination, { username: 'koord', role: 'lesen' });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(
      '„koord“ ist die letzte Person mit der Rolle Koordination im Datenraum „stadtentwicklung“. Bitte vergeben Sie die Rolle Koordination zuerst an ein anderes Mitglied.',
    );
  });

  it('last koordination cannot be removed', async () => {
    const response = await request('DELETE', '/dataspaces/stadtentwicklung/members/koord', admin);
    expect(response.statusCode).toBe(409);
    expect(response.json().type).toBe('urn:datahub:problem:last-koordination');
  });

  it('member remove deletes and audits', async () => {
    await addMember(hub, admin, 'stadtentwicklung', 'leser', 'koordination');
    const response = await request('DELETE', '/dataspaces/stadtentwicklung/members/koord', leser);
    expect(response.statusCode).toBe(204);
    const members = await request('GET', '/dataspaces/stadtentwicklung/members', leser);
    expect(members.json().members.map((m: { username: string }) => m.username)).toEqual(['leser']);
    const { rows } = await hub.ctx.db.query<{ actor_name: string; details: unknown }>(
      `SELECT actor_name, details FROM audit_log WHERE action = 'member.remove'`,
    );
    expect(rows).toEqual([{ actor_name: 'leser', details: { role: 'koordination' } }]);
  });

  it('member remove of non-member gives 404', async () => {
    const response = await request('DELETE', '/dataspaces/stadtentwicklung/members/admin', admin);
    expect(response.statusCode).toBe(404);
    expect(response.json().detail).toBe('„admin“ ist kein Mitglied des Datenraums „stadtentwicklung“.');
  });
});
