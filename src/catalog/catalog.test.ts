import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, loginAs, startHub, type TestHub } from '../../test/harness.ts';
import { column, createDataset, createSpace, createUser, createVersion } from '../datasets/rows/fixtures.ts';

describe('catalog search', () => {
  let hub: TestHub;
  const search = async (query: string, headers: Record<string, string> = {}) => {
    const response = await hub.app.inject({ method: 'GET', url: `/api/v1/catalog?${query}`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const slugs = async (query: string, headers: Record<string, string> = {}) =>
    (await search(query, headers)).results.map((result: { slug: string }) => result.slug);

  beforeAll(async () => {
    hub = await startHub();
    const db = hub.ctx.db;
    const statistik = await createSpace(db, 'statistik', 'Statistik');
    const umwelt = await createSpace(db, 'umwelt', 'Umwelt');
    const population = await createDataset(db, {
      spaceId: statistik,
      slug: 'einwohner',
      title: 'Einwohnerinnen und Einwohner nach Planungsräumen',
      description: 'Melderechtlich registrierte Einwohner am 31.12.2024',
      metadata: { theme: 'SOCI', keywords: ['Bevölkerung', 'LOR'] },
    });
    await createVersion(db, population, 1, [column('PLR', 'text', 'c1')], (table) => `INSERT INTO ${table} VALUES (1, '01100101'), (2, '01100102')`);
    await createDataset(db, {
      spaceId: statistik,
      slug: 'lor-plr',
      title: 'LOR Planungsräume 2021',
      metadata: { theme: ['REGI', 'SOCI'], keywords: ['LOR', 'Geodaten'] },
    });
    await createDataset(db, { spaceId: statistik, slug: 'bericht', title: 'Interner Bericht Wohnungsbau', accessLevel: 'intern', metadata: { theme: 'SOCI' } });
    await createDataset(db, { spaceId: statistik, slug: 'liste', title: 'Vertrauliche Einwohnerliste', accessLevel: 'datenraum' });
    await createDataset(db, { spaceId: umwelt, slug: 'luft', title: 'Luftqualität an Messstationen', accessLevel: 'datenraum', metadata: { theme: 'ENVI' } });
    await createUser(hub.app, 'statistikerin', { spaceId: statistik, role: 'lesen' });
  }, 60_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('german stemming finds inflected words', async () => {
    expect(await slugs('q=Einwohner')).toEqual(['einwohner']);
    expect((await slugs('q=Planungsraum')).sort()).toEqual(['einwohner', 'lor-plr']);
  });

  it('prefix of last word matches', async () => {
    expect((await slugs('q=Planungsr')).sort()).toEqual(['einwohner', 'lor-plr']);
    expect(await slugs('q=LOR%20Planungsr')).toEqual(['lor-plr']);
  });

  it('result carries metadata and links', async () => {
    const body = await search('q=Einwohner');
    expect(body.total).toBe(1);
    const result = body.results[0];
    expect(result).toEqual({
      space: { slug: 'statistik', name: 'Statistik' },
      slug: 'einwohner',
      title: 'Einwohnerinnen und Einwohner nach Planungsräumen',
      description: 'Melderechtlich registrierte Einwohner am 31.12.2024',
      accessLevel: 'oeffentlich',
      keywords: ['Bevölkerung', 'LOR'],
      theme: 'SOCI',
      rowCount: 2,
      updatedAt: result.updatedAt,
      links: {
        self: 'http://localhost:8080/api/v1/dataspaces/statistik/datasets/einwohner',
        rows: 'http://localhost:8080/api/v1/dataspaces/statistik/datasets/einwohner/rows',
      },
    });
    expect(Number.isNaN(Date.parse(result.updatedAt))).toBe(false);
  });

  it('anonymous sees only public datasets', async () => {
    expect((await slugs('')).sort()).toEqual(['einwohner', 'lor-plr']);
  });

  it('logged-in user sees internal and own dataspaces', async () => {
    const member = await loginAs(hub.app, 'statistikerin', 'lang-genug-123');
    expect((await slugs('', member)).sort()).toEqual(['bericht', 'einwohner', 'liste', 'lor-plr']);
    expect((await slugs('q=Einwohnerliste', member))).toEqual(['liste']);
    expect(await slugs('q=Einwohnerliste')).toEqual([]);
  });

  it('admin sees all datasets', async () => {
    const admin = await adminHeaders(hub.app);
    expect((await slugs('', admin)).sort()).toEqual(['bericht', 'einwohner', 'liste', 'lor-plr', 'luft']);
  });

  it('api token limits to its dataspaces', async () => {
    const created = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: await adminHeaders(hub.app),
      payload: { name: 'nur Umwelt', dataspaces: ['umwelt'], access: 'read' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = { authorization: `Bearer ${created.json().token}` };
    expect(await slugs('', token)).toEqual(['luft']);
    expect(await slugs('q=Einwohner', token)).toEqual([]);
  });

  it('filters by space, level, theme, keyword', async () => {
    const admin = await adminHeaders(hub.app);
    expect(await slugs('space=umwelt', admin)).toEqual(['luft']);
    expect((await slugs('accessLevel=intern', admin))).toEqual(['bericht']);
    expect((await slugs('theme=SOCI', admin)).sort()).toEqual(['bericht', 'einwohner', 'lor-plr']);
    expect((await slugs('theme=REGI', admin))).toEqual(['lor-plr']);
    expect((await slugs('keyword=Geodaten', admin))).toEqual(['lor-plr']);
    expect((await slugs('keyword=LOR&theme=SOCI', admin)).sort()).toEqual(['einwohner', 'lor-plr']);
  });

  it('facets count per dimension', async () => {
    const admin = await adminHeaders(hub.app);
    const body = await search('', admin);
    expect(body.total).toBe(5);
    expect(body.facets.space).toEqual([
      { value: 'statistik', label: 'Statistik', count: 4 },
      { value: 'umwelt', label: 'Umwelt', count: 1 },
    ]);
    expect(body.facets.accessLevel).toEqual([
      { value: 'datenraum', label: 'Datenraum', count: 2 },
      { value: 'oeffentlich', label: 'öffentlich', count: 2 },
      { value: 'intern', label: 'intern', count: 1 },
    ]);
    expect(body.facets.theme).toEqual([
      { value: 'SOCI', count: 3 },
      { value: 'ENVI', count: 1 },
      { value: 'REGI', count: 1 },
    ]);
  });

  it('paging with limit and offset', async () => {
    const admin = await adminHeaders(hub.app);
    const all = await slugs('limit=100', admin);
    const first = await search('limit=2', admin);
    const second = await search('limit=2&offset=2', admin);
    expect(first.total).toBe(5);
    expect([...first.results, ...second.results].map((result: { slug: string }) => result.slug)).toEqual(all.slice(0, 4));
  });

  it('hostile or invalid input is handled', async () => {
    expect(await slugs(`q=${encodeURIComponent("'); DROP TABLE datasets; --")}`)).toEqual([]);
    expect(await slugs(`q=${encodeURIComponent('Einwohner & | ! :* (')}`)).toEqual(['einwohner']);
    expect(await slugs(`theme=${encodeURIComponent("' OR 1=1 --")}`)).toEqual([]);
    for (const query of ['limit=0', 'limit=101', 'offset=-1', 'accessLevel=geheim', 'q=Einwohner%00', 'theme=%00']) {
      const response = await hub.app.inject({ method: 'GET', url: `/api/v1/catalog?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().type, query).toBe('urn:datahub:problem:invalid-parameter');
    }
    const problem = (await hub.app.inject({ method: 'GET', url: '/api/v1/catalog?accessLevel=geheim' })).json();
    expect(problem.detail).toBe('Ungültige Zugriffsstufe „geheim“. Erlaubt sind oeffentlich, intern, datenraum.');
  });
});
