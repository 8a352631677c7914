import type { Command } from 'commander';
import type { Db } from '../db/db.ts';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../log.ts';
import { openDatabase } from '../db/open.ts';
import { createUser, validatePasswordLength } from '../auth/accounts.ts';
import { setPassword } from '../auth/password.ts';
import { recordAudit } from '../audit/audit.ts';
import { ApiError } from '../http/problem.ts';
import { CliError } from './errors.ts';

async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function openCliDatabase(): Promise<Db> {
  const config = loadConfig();
  return openDatabase(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
}

/**
 * Sets a user's password from the machine, for admins who cannot log in (lost or one-time password).
 * Ends all of the user's sessions and clears must_change_password.
 */
async function changePasswordFromCli(username: string, password: string): Promise<void> {
  validatePasswordLength(password);
  const db = await openCliDatabase();
  try {
    const { rows } = await db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username]);
    if (rows.length === 0) throw new CliError(`Das Konto „${username}“ gibt es nicht. Prüfen Sie den Benutzernamen.`);
    await db.transaction(async (tx) => {
      const endedSessions = await setPassword(tx, Number(rows[0].id), password, null);
      await recordAudit(tx, {
        actor: { userId: null, username: 'cli' },
        action: 'auth.password_change',
        objectType: 'user',
        objectId: username,
        details: { endedSessions, via: 'cli' },
        sourceAddress: 'cli',
      });
    });
    process.stdout.write(`Passwort für „${username}“ geändert. Alle Sitzungen des Kontos sind beendet.\n`);
  } finally {
    await db.close();
  }
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Konten verwalten');
  user
    .command('add <benutzername>')
    .description('Legt ein lokales Konto an. Das Passwort kommt aus --password-stdin oder DATAHUB_NEW_PASSWORD.')
    .option('--display-name <name>', 'Anzeigename')
    .option('--admin', 'Konto erhält Rechte der Plattform-Administration', false)
    .option('--password-stdin', 'Passwort von der Standardeingabe lesen', false)
    .action(async (username: string, options: { displayName?: string; admin: boolean; passwordStdin: boolean }) => {
      const password = options.passwordStdin ? await readPasswordFromStdin() : process.env.DATAHUB_NEW_PASSWORD;
      if (!password) {
        throw new CliError('Kein Passwort angegeben. Nutzen Sie --password-stdin oder setzen Sie DATAHUB_NEW_PASSWORD.', 2);
      }
      const db = await openCliDatabase();
      try {
        const created = await createUser(db, { username, password, displayName: options.displayName, isAdmin: options.admin });
        await recordAudit(db, {
          actor: { userId: null, username: 'cli' },
          action: 'user.create',
          objectType: 'user',
          objectId: created.username,
          details: { isAdmin: created.isAdmin, via: 'cli' },
          sourceAddress: 'cli',
        });
        process.stdout.write(`Konto „${created.username}“ angelegt.\n`);
      } catch (error) {
        if (error instanceof ApiError) throw new CliError(error.detail.de);
        throw error;
      } finally {
        await db.close();
      }
    });

  user
    .command('passwd <benutzername>')
    .description('Setzt das Passwort eines Kontos neu und beendet seine Sitzungen. Das Passwort kommt aus --password-stdin oder DATAHUB_NEW_PASSWORD.')
    .option('--password-stdin', 'Passwort von der Standardeingabe lesen', false)
    .action(async (username: string, options: { passwordStdin: boolean }) => {
      const password = options.passwordStdin ? await readPasswordFromStdin() : process.env.DATAHUB_NEW_PASSWORD;
      if (!password) {
        throw new CliError('Kein Passwort angegeben. Nutzen Sie --password-stdin oder setzen Sie DATAHUB_NEW_PASSWORD.', 2);
      }
      try {
        await changePasswordFromCli(username, password);
      } catch (error) {
        if (error instanceof ApiError) throw new CliError(error.detail.de);
        throw error;
      }
    });
}
