import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { columnTypeNameDe } from '../ingest/type-names.ts';
import { CliError } from './errors.ts';
import { germanCommanderError } from './help.ts';
import { ApiClient, type Problem } from './import-client.ts';
import { streamUpload } from './import-upload.ts';

interface ImportOptions {
  space?: string;
  dataset?: string;
  server?: string;
  token?: string;
  user?: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  headerRow?: string;
  srid?: string;
  layer?: string;
  onError?: string;
  confirmBreaking?: boolean;
  repairGeometries?: boolean;
  title?: string;
  accessLevel?: string;
  dryRun?: boolean;
}

const usage = (message: string) => new CliError(message, 2);

function defaultServer(): string {
  return process.env.DATAHUB_URL || process.env.DATAHUB_PUBLIC_URL || `http://127.0.0.1:${process.env.PORT || 8080}`;
}

function positiveInteger(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw usage(`${name} erwartet eine positive ganze Zahl, nicht „${value}“.`);
  return value;
}

/** Resolves the bearer token: --token, DATAHUB_TOKEN, or a login with --user and DATAHUB_PASSWORD. */
async function resolveToken(client: ApiClient, options: ImportOptions): Promise<string> {
  const token = options.token ?? process.env.DATAHUB_TOKEN;
  if (token) return token;
  if (!options.user) {
    throw usage('Keine Zugangsdaten: Bitte --token (oder DATAHUB_TOKEN) angeben, oder --user mit dem Passwort in DATAHUB_PASSWORD.');
  }
  const password = process.env.DATAHUB_PASSWORD;
  if (!password) throw usage(`Für --user ${options.user} fehlt das Passwort: Bitte setzen Sie die Umgebungsvariable DATAHUB_PASSWORD.`);
  const response = await client.request('POST', '/api/v1/auth/login', { username: options.user, password });
  if (!response.ok) throw new CliError(`Anmeldung als „${options.user}“ fehlgeschlagen: ${(response.body as Problem).detail}`);
  return (response.body as { token: string }).token;
}

/** Makes sure the dataset exists; creates it with --title and --access-level when it does not. */
async function ensureDataset(client: ApiClient, options: ImportOptions & { space: string; dataset: string }): Promise<void> {
  const base = `/api/v1/dataspaces/${encodeURIComponent(options.space)}/datasets`;
  const existing = await client.request('GET', `${base}/${encodeURIComponent(options.dataset)}`);
  if (existing.ok) return;
  if (existing.status !== 404) throw client.failure(existing);
  if (options.dryRun) {
    // The API previews an upload only against an existing dataset, so a dry run cannot create one.
    throw new CliError(
      `Den Datensatz „${options.dataset}“ im Datenraum „${options.space}“ gibt es noch nicht. --dry-run braucht einen vorhandenen Datensatz, ` +
        'deshalb wurde nichts angelegt und nichts hochgeladen. Ohne --dry-run legt der Import den Datensatz an und übernimmt die Datei.',
    );
  }
  const created = await client.request('POST', base, {
    slug: options.dataset,
    title: options.title ?? options.dataset,
    accessLevel: options.accessLevel ?? 'datenraum',
  });
  if (!created.ok) throw client.failure(created);
  process.stdout.write(`Datensatz „${options.dataset}“ im Datenraum „${options.space}“ angelegt.\n`);
}

function uploadFields(options: ImportOptions): Record<string, string> {
  const fields: Record<string, string> = {};
  if (options.encoding) fields.encoding = options.encoding;
  if (options.delimiter) fields.delimiter = options.delimiter;
  if (options.sheet) fields.sheet = options.sheet;
  if (options.headerRow) fields.headerRow = options.headerRow;
  if (options.srid) fields.srid = options.srid;
  if (options.layer) fields.layer = options.layer;
  if (!options.dryRun) {
    fields.commit = 'true';
    if (options.onError) fields.onError = options.onError;
    if (options.confirmBreaking) fields.confirmBreaking = 'true';
    if (options.repairGeometries) fields.repairGeometries = 'true';
  }
  return fields;
}

interface ImportResponse {
  id: string;
  version?: number;
  rowCount?: number;
  load?: { rowsSkipped: number; cellsNulled: number; repairedGeometries: number };
  detection: { format: string; encoding?: string; delimiter?: string; sheet?: string; srid?: number };
  columns: { name: string; type: string }[];
  report: { summary: string; rowCount: number; typeErrorCount: number };
  diff: { summary: string; breaking: boolean };
}

function printResult(result: ImportResponse, dryRun: boolean): void {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const detection = result.detection;
  const details = [
    detection.encoding && `Kodierung ${detection.encoding}`,
    detection.delimiter && `Trennzeichen „${detection.delimiter === '\t' ? 'Tab' : detection.delimiter}“`,
    detection.sheet && `Blatt „${detection.sheet}“`,
    detection.srid && `EPSG:${detection.srid}`,
  ].filter(Boolean);
  out(`Format: ${detection.format}${details.length ? ` (${details.join(', ')})` : ''}`);
  out(`Spalten: ${result.columns.map((column) => `${column.name} (${columnTypeNameDe(column.type)})`).join(', ')}`);
  out(`Prüfbericht: ${result.report.summary}`);
  out(`Schema: ${result.diff.summary}`);
  if (dryRun) {
    out('Probelauf (--dry-run): Es wurde nichts übernommen.');
    return;
  }
  const load = result.load!;
  const extras = [
    load.rowsSkipped > 0 && `${load.rowsSkipped.toLocaleString('de-DE')} Zeilen übersprungen`,
    load.cellsNulled > 0 && `${load.cellsNulled.toLocaleString('de-DE')} Zellen als leer übernommen`,
    load.repairedGeometries > 0 && `${load.repairedGeometries.toLocaleString('de-DE')} Geometrien repariert`,
  ].filter(Boolean);
  out(
    `Import abgeschlossen: Version ${result.version} mit ${result.rowCount!.toLocaleString('de-DE')} Zeilen ist jetzt aktuell` +
      `${extras.length ? ` (${extras.join(', ')})` : ''}.`,
  );
}

/**
 * Returns why the real import would be rejected, using the same rules as the server's commit:
 * no data rows, type errors with --on-error abort (the default), or an unconfirmed breaking change.
 */
function dryRunBlocker(result: ImportResponse, options: ImportOptions): string | null {
  if (result.report.rowCount === 0) return 'Der Import würde abgelehnt: Die Datei enthält keine Datenzeilen.';
  if ((options.onError ?? 'abort') === 'abort' && result.report.typeErrorCount > 0) {
    return `Der Import würde abgelehnt: Die Prüfung hat ${result.report.typeErrorCount.toLocaleString('de-DE')} Typfehler gefunden. Wählen Sie --on-error skip oder null, oder korrigieren Sie die Datei.`;
  }
  if (result.diff.breaking && !options.confirmBreaking) {
    return 'Der Import würde abgelehnt: Die Datei ändert das Schema so, dass bisherige Abfragen brechen. Bestätigen Sie das mit --confirm-breaking.';
  }
  return null;
}

async function runImport(file: string, options: ImportOptions): Promise<void> {
  if (!options.space) throw usage('Bitte geben Sie den Datenraum mit --space <kürzel> an.');
  if (!options.dataset) throw usage('Bitte geben Sie den Datensatz mit --dataset <kürzel> an.');
  positiveInteger('--header-row', options.headerRow);
  positiveInteger('--srid', options.srid);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw usage(`Die Datei „${file}“ gibt es nicht oder sie ist keine normale Datei.`);

  const client = new ApiClient(options.server ?? defaultServer());
  client.token = await resolveToken(client, options);
  const target = { ...options, space: options.space, dataset: options.dataset };
  await ensureDataset(client, target);

  const url = `/api/v1/dataspaces/${encodeURIComponent(target.space)}/datasets/${encodeURIComponent(target.dataset)}/imports`;
  const response = await streamUpload(client, url, file, path.basename(file), stat.size, uploadFields(options));
  if (!response.ok) throw client.failure(response);
  const result = response.body as ImportResponse;
  printResult(result, Boolean(options.dryRun));
  if (!options.dryRun) return;
  await client.request('DELETE', `${url}/${result.id}`);
  const blocker = dryRunBlocker(result, options);
  if (blocker) throw new CliError(blocker);
}

/** Registers `datahub import <file>`, which uploads a file to a running hub over its API. */
export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('Importiert eine Datei über die API eines laufenden Hubs als neue Version eines Datensatzes')
    .argument('<datei>', 'CSV-, Excel-, GeoJSON- oder gezippte Shapefile-Datei')
    .option('--space <slug>', 'Kürzel des Datenraums')
    .option('--dataset <slug>', 'Kürzel des Datensatzes (wird angelegt, wenn es ihn nicht gibt)')
    .option('--server <url>', 'Adresse des Hubs (Standard: DATAHUB_URL, DATAHUB_PUBLIC_URL oder http://127.0.0.1:$PORT)')
    .option('--token <token>', 'API- oder Sitzungs-Token (Standard: DATAHUB_TOKEN)')
    .option('--user <name>', 'Benutzername für die Anmeldung; das Passwort steht in DATAHUB_PASSWORD')
    .option('--encoding <name>', 'Zeichenkodierung der CSV-Datei, z. B. utf-8 oder windows-1252')
    .option('--delimiter <zeichen>', 'Trennzeichen der CSV-Datei: , ; | oder tab')
    .option('--sheet <name>', 'Tabellenblatt einer Excel-Datei (Name oder Nummer ab 1)')
    .option('--header-row <n>', 'Zeile mit den Spaltenköpfen (ab 1)')
    .option('--srid <n>', 'EPSG-Code der Koordinaten, wenn die Datei keinen angibt')
    .option('--layer <name>', 'Ebene einer GeoPackage-Datei')
    .addOption(new Option('--on-error <wahl>', 'Umgang mit fehlerhaften Zellen: abbrechen, Zeile überspringen oder leer übernehmen').choices(['abort', 'skip', 'null']))
    .option('--confirm-breaking', 'Bestätigt eine Schemaänderung, die bisherige Spalten entfernt oder ihren Typ ändert')
    .option('--repair-geometries', 'Repariert ungültige Geometrien mit ST_MakeValid')
    .option('--title <titel>', 'Titel für einen neu angelegten Datensatz')
    .addOption(new Option('--access-level <stufe>', 'Zugriffsstufe für einen neu angelegten Datensatz').choices(['oeffentlich', 'intern', 'datenraum']))
    .option('--dry-run', 'Nur Vorschau und Prüfbericht, nichts übernehmen')
    .configureOutput({ outputError: () => undefined })
    .exitOverride((error) => {
      if (error.exitCode === 0) process.exit(0);
      throw usage(germanCommanderError(error.message));
    })
    .action(async (file: string, options: ImportOptions) => {
      await runImport(file, options);
    });
}
