import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_MODE, loginAs, startHub, type TestHub } from '../../test/harness.ts';
import { verifyPassword } from '../auth/secrets.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/open.ts';
import { createLogger } from '../log.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/datahub.js');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, 'user', ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'warn', ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        let code = 0;
        if (error) code = typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

describe('cli user', () => {
  let hub: TestHub;
  let env: Record<string, string>;
  beforeAll(async () => {
    hub = await startHub();
    // External mode: the CLI writes to the hub's database. Embedded mode: the hub holds the lock on its data directory.
    env = DB_MODE === 'external' ? { DATABASE_URL: hub.config.databaseUrl!, DATAHUB_DATA_DIR: hub.dataDir } : { DATAHUB_DATA_DIR: hub.dataDir };
  });
  afterAll(async () => {
    await hub?.close();
  });

  it.skipIf(DB_MODE === 'external')('locked embedded database exits 1', async () => {
    const run = await runCli(['add', 'anna', '--password-stdin'], env, 'geheimes-passwort\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Fehler: Die eingebettete Datenbank in ${hub.dataDir} wird bereits von Prozess ${process.pid} genutzt (läuft der Server?). ` +
        'Stoppen Sie diesen Prozess oder nutzen Sie die API des laufenden Servers.\n',
    );
  });

  it.skipIf(DB_MODE === 'embedded')('passwd sets password and ends sessions', async () => {
    const added = await runCli(['add', 'anna', '--password-stdin'], env, 'altes-passwort-123\n');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const session = await loginAs(hub.app, 'anna', 'altes-passwort-123');

    const run = await runCli(['passwd', 'anna', '--password-stdin'], env, 'neues-passwort-456\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Passwort für „anna“ geändert. Alle Sitzungen des Kontos sind beendet.\n');
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session })).statusCode).toBe(401);
    await loginAs(hub.app, 'anna', 'neues-passwort-456');

    const audit = await hub.ctx.db.query<{ actor_name: string; object_id: string; details: { via: string } }>(
      "SELECT actor_name, object_id, details FROM audit_log WHERE action = 'auth.password_change'",
    );
    expect(audit.rows).toEqual([{ actor_name: 'cli', object_id: 'anna', details: { endedSessions: 1, via: 'cli' } }]);
  });

  it.skipIf(DB_MODE === 'embedded')('passwd of unknown user exits 1', async () => {
    const run = await runCli(['passwd', 'niemand'], { ...env, DATAHUB_NEW_PASSWORD: 'neues-passwort-456' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Fehler: Das Konto „niemand“ gibt es nicht. Prüfen Sie den Benutzernamen.\n');
  });

  it('passwd with short password exits 1', async () => {
    const run = await runCli(['passwd', 'admin'], { ...env, DATAHUB_NEW_PASSWORD: 'kurz' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('Fehler: Das Passwort ist zu kurz: mindestens 10 Zeichen sind nötig.\n');
  });

  it('passwd without password exits 2', async () => {
    const run = await runCli(['passwd', 'admin'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Fehler: Kein Passwort angegeben. Nutzen Sie --password-stdin oder setzen Sie DATAHUB_NEW_PASSWORD.\n');
  });
});

describe('cli user passwd embedded', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-cli-user-'));
    // Starts from the prepared database like startHub does, because a fresh initdb takes minutes on a busy machine.
    const template = process.env.DATAHUB_TEST_TEMPLATE_DIR;
    if (template && fs.existsSync(template)) fs.cpSync(template, path.join(dataDir, 'pgdata'), { recursive: true });
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(DB_MODE === 'external')('passwd changes the password', async () => {
    const env = { DATAHUB_DATA_DIR: dataDir, DATAHUB_ADMIN_PASSWORD: 'admin-passwort-123' };
    const added = await runCli(['add', 'anna', '--password-stdin'], env, 'altes-passwort-123\n');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);

    const run = await runCli(['passwd', 'anna', '--password-stdin'], env, 'neues-passwort-456\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Passwort für „anna“ geändert. Alle Sitzungen des Kontos sind beendet.\n');

    const unknown = await runCli(['passwd', 'niemand'], { ...env, DATAHUB_NEW_PASSWORD: 'neues-passwort-456' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('Fehler: Das Konto „niemand“ gibt es nicht. Prüfen Sie den Benutzernamen.\n');

    const config = loadConfig(env as NodeJS.ProcessEnv, { readDotEnv: false });
    const db = await openDatabase(config, createLogger('silent'));
    try {
      const { rows } = await db.query<{ password_hash: string; must_change_password: boolean }>(
        "SELECT password_hash, must_change_password FROM users WHERE username = 'anna'",
      );
      expect(await verifyPassword(rows[0].password_hash, 'neues-passwort-456')).toBe(true);
      expect(rows[0].must_change_password).toBe(false);
    } finally {
      await db.close();
    }
  }, 600_000);
});
