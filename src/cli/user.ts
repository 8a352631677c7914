import type { Command } from 'commander';
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../log.ts';
import { openDatabase } from '../db/open.ts';
import { createUser } from '../auth/accounts.ts';
import { recordAudit } from '../audit/audit.ts';
import { ApiError } from '../http/problem.ts';
import { CliError } from './errors.ts';

async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Konten verwalten');
  user
    .command('add <username>')
    .description('Legt ein lokales Konto an. Das Passwort kommt aus --password-stdin oder DATAHUB_NEW_PASSWORD.')
    .option('--display-name <name>', 'Anzeigename')
    .option('--admin', 'Konto erhält Rechte der Plattform-Administration', false)
    .option('--password-stdin', 'Passwort von der Standardeingabe lesen', false)
    .action(async (username: string, options: { displayName?: string; admin: boolean; passwordStdin: boolean }) => {
      const password = options.passwordStdin ? await readPasswordFromStdin() : process.env.DATAHUB_NEW_PASSWORD;
      if (!password) {
        throw new CliError('Kein Passwort angegeben. Nutzen Sie --password-stdin oder setzen Sie DATAHUB_NEW_PASSWORD.', 2);
      }
      const config = loadConfig();
      const db = await openDatabase(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel));
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
}
