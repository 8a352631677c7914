import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_PASSWORD, loginAs, startHub, type TestHub } from '../../test/harness.ts';
import { createUser } from './accounts.ts';
import { API_TOKEN_PREFIX, digest, randomSecret, verifyPassword } from './secrets.ts';

const NEW_PASSWORD = 'neues-passwort-456';

describe('auth password change', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.close();
  });

  const change = (headers: Record<string, string>, payload: object) =>
    hub.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload });

  async function addUser(username: string, password: string): Promise<number> {
    return (await createUser(hub.ctx.db, { username, password })).id;
  }

  async function sessionCount(userId: number): Promise<number> {
    const { rows } = await hub.ctx.db.query<{ count: number }>('SELECT count(*)::int AS count FROM sessions WHERE user_id = $1', [userId]);
    return rows[0].count;
  }

  it('login and me report mustChangePassword false', async () => {
    const login = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(false);

    const me = await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${login.json().token}` } });
    expect(me.json().mustChangePassword).toBe(false);
  });

  it('change stores hash and ends other sessions', async () => {
    const userId = await addUser('berta', 'altes-passwort-123');
    const other = await loginAs(hub.app, 'berta', 'altes-passwort-123');
    const current = await loginAs(hub.app, 'berta', 'altes-passwort-123');
    expect(await sessionCount(userId)).toBe(2);

    const response = await change(current, { currentPassword: 'altes-passwort-123', newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(204);

    const { rows } = await hub.ctx.db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [userId]);
    expect(rows[0].password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(rows[0].password_hash, NEW_PASSWORD)).toBe(true);
    expect(await sessionCount(userId)).toBe(1);
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: current })).statusCode).toBe(200);
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other })).statusCode).toBe(401);

    const oldLogin = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'berta', password: 'altes-passwort-123' } });
    expect(oldLogin.statusCode).toBe(401);
    await loginAs(hub.app, 'berta', NEW_PASSWORD);

    const audit = await hub.ctx.db.query<{ actor_name: string; object_id: string; details: { endedSessions: number; via: string } }>(
      "SELECT actor_name, object_id, details FROM audit_log WHERE action = 'auth.password_change'",
    );
    expect(audit.rows).toEqual([{ actor_name: 'berta', object_id: 'berta', details: { endedSessions: 1, via: 'api' } }]);
  });

  it('change with cookie session needs csrf token', async () => {
    await addUser('carla', 'altes-passwort-123');
    const login = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'carla', password: 'altes-passwort-123' } });
    const cookie = `datahub_session=${login.json().token}`;
    const payload = { currentPassword: 'altes-passwort-123', newPassword: NEW_PASSWORD };

    expect((await change({ cookie }, payload)).statusCode).toBe(403);
    const response = await change({ cookie, 'x-csrf-token': login.json().csrfToken }, payload);
    expect(response.statusCode).toBe(204);
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('wrong current password gives 401 and counts', async () => {
    await addUser('dora', 'altes-passwort-123');
    const headers = await loginAs(hub.app, 'dora', 'altes-passwort-123');
    const response = await change(headers, { currentPassword: 'falsches-passwort', newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(401);
    const problem = response.json();
    expect(problem.type).toBe('urn:datahub:problem:current-password-wrong');
    expect(problem.detail).toBe('Das bisherige Passwort ist falsch. Bitte geben Sie Ihr aktuelles Passwort ein.');

    const { rows } = await hub.ctx.db.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM login_attempts WHERE username = 'dora' AND NOT succeeded",
    );
    expect(rows[0].count).toBe(1);
  });

  it('repeated wrong current passwords are rate limited', async () => {
    await addUser('emil', 'altes-passwort-123');
    const headers = await loginAs(hub.app, 'emil', 'altes-passwort-123');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      statuses.push((await change(headers, { currentPassword: `falsch-${attempt}-xyz`, newPassword: NEW_PASSWORD })).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const correct = await change(headers, { currentPassword: 'altes-passwort-123', newPassword: NEW_PASSWORD });
    expect(correct.statusCode).toBe(429);
  });

  it('short new password gives 400', async () => {
    await addUser('frida', 'altes-passwort-123');
    const headers = await loginAs(hub.app, 'frida', 'altes-passwort-123');
    const response = await change(headers, { currentPassword: 'altes-passwort-123', newPassword: 'kurz12345' });
    expect(response.statusCode).toBe(400);
    expect(response.json().type).toBe('urn:datahub:problem:password-too-short');
    expect(response.json().detail).toBe('Das Passwort ist zu kurz: mindestens 10 Zeichen sind nötig.');
  });

  it('unchanged password gives 400', async () => {
    await addUser('gustav', 'altes-passwort-123');
    const headers = await loginAs(hub.app, 'gustav', 'altes-passwort-123');
    const response = await change(headers, { currentPassword: 'altes-passwort-123', newPassword: 'altes-passwort-123' });
    expect(response.statusCode).toBe(400);
    expect(response.json().type).toBe('urn:datahub:problem:password-unchanged');
    expect(response.json().detail).toBe('Das neue Passwort ist dasselbe wie das bisherige. Bitte wählen Sie ein anderes Passwort.');
  });

  it('api token gives 403', async () => {
    const userId = await addUser('hanna', 'altes-passwort-123');
    const secret = `${API_TOKEN_PREFIX}${randomSecret()}`;
    await hub.ctx.db.query(
      `INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, access, dataspace_ids, expires_at)
       VALUES ($1, 'Skript', $2, $3, 'write', '{}', now() + interval '1 day')`,
      [userId, digest(secret), secret.slice(4, 12)],
    );
    const response = await change({ authorization: `Bearer ${secret}` }, { currentPassword: 'altes-passwort-123', newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe(
      'Das Passwort lässt sich nicht mit einem API-Token ändern. Bitte melden Sie sich mit Benutzername und Passwort an.',
    );
  });

  it('anonymous request gives 401', async () => {
    const response = await change({}, { currentPassword: 'altes-passwort-123', newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(401);
    expect(response.json().type).toBe('urn:datahub:problem:unauthenticated');
  });
});

describe('first admin one-time password', () => {
  let hub: TestHub;
  let printed = '';
  beforeAll(async () => {
    // The one-time password goes to stdout only, so the test reads it there.
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    try {
      hub = await startHub({ DATAHUB_ADMIN_PASSWORD: '' });
    } finally {
      write.mockRestore();
    }
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('must be changed after first login', async () => {
    const oneTime = /Einmal-Passwort: (\S+)/.exec(printed)?.[1];
    expect(oneTime).toBeDefined();
    expect(printed).toContain('Bitte ändern Sie es sofort (POST /api/v1/auth/password oder „datahub user passwd admin“).');

    const login = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: oneTime } });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    const headers = { authorization: `Bearer ${login.json().token}` };
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).json().mustChangePassword).toBe(true);

    const response = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers,
      payload: { currentPassword: oneTime, newPassword: NEW_PASSWORD },
    });
    expect(response.statusCode).toBe(204);
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).json().mustChangePassword).toBe(false);

    const again = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: NEW_PASSWORD } });
    expect(again.json().mustChangePassword).toBe(false);
    const reused = await hub.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: oneTime } });
    expect(reused.statusCode).toBe(401);
  });
});
