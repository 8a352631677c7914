import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/config.ts';
import { createLogger } from '../log.ts';
import { openDatabase } from '../db/open.ts';
import { DataDirLockedError } from '../db/lock.ts';
import { serve } from '../server.ts';
import { registerUserCommands } from './user.ts';
import { registerImportCommand } from './import.ts';
import { CliError } from './errors.ts';
import { configureGermanHelp } from './help.ts';

const program = configureGermanHelp(new Command());
program
  .name('datahub')
  .description('Data Hub Berlin – Datenplattform für die Berliner Verwaltung')
  .showHelpAfterError('(Hilfe mit „datahub --help“)');

program
  .command('serve', { isDefault: true })
  .description('Startet den Server (Web-Oberfläche und API)')
  .action(async () => {
    const config = loadConfig();
    await serve(config, createLogger(config.logLevel));
  });

program
  .command('migrate')
  .description('Bringt das Datenbankschema auf den neuesten Stand')
  .action(async () => {
    const config = loadConfig();
    const log = createLogger(config.logLevel);
    const db = await openDatabase(config, log);
    await db.close();
    process.stdout.write('Datenbankschema ist aktuell.\n');
  });

registerUserCommands(program);
registerImportCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError || error instanceof CliError) {
    process.stderr.write(`Fehler: ${error.message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 2);
  }
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`Fehler: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
