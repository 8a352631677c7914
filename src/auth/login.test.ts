import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startHub, type TestHub } from '../../test/harness.ts';

describe('auth login', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('login sets cookie and returns token', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user.username).toBe('admin');
    expect(body.user.isAdmin).toBe(true);
    expect(typeof body.token).toBe('string');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toContain('datahub_session=');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');

    const me = await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.username).toBe('admin');
  });

  it('wrong password gives German problem', async () => {
    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: 'falsch-falsch' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.type).toBe('urn:datahub:problem:login-failed');
    expect(problem.detail).toBe('Benutzername oder Passwort ist falsch. Bitte prüfen Sie Ihre Eingabe.');
  });

  it('problem detail in English on request', async () => {
    const response = await hub.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { 'accept-language': 'en-GB,en;q=0.9,de;q=0.5' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toBe('Please log in or send a valid API token.');
  });

  it('repeated failures are rate limited', async () => {
    const attempt = () =>
      hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'gesperrt', password: 'nein-nein-nein' } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('cookie session needs csrf token for writes', async () => {
    const login = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    const { token, csrfToken } = login.json();
    const cookies = { datahub_session: token };
    const withoutCsrf = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      cookies,
      payload: { username: 'ohne-csrf', password: 'lang-genug-123' },
    });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json().type).toBe('urn:datahub:problem:csrf-token-invalid');
    const withCsrf = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      cookies,
      headers: { 'x-csrf-token': csrfToken },
      payload: { username: 'mit-csrf', password: 'lang-genug-123' },
    });
    expect(withCsrf.statusCode).toBe(201);
  });
});
