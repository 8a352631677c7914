import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, adminHeaders, sharedFile, skipNotice, startHub, type TestHub } from '../../test/harness.ts';
import { runImportCli } from '../../test/cli.ts';

const EWR = sharedFile('population/ewr_original/EWR_L21_202412E_Matrix.csv');

describe('cli import', () => {
  let hub: TestHub;
  let server: string;
  let token: string;
  let tmp: string;
  beforeAll(async () => {
    hub = await startHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address() as { port: number };
    server = `http://127.0.0.1:${address.port}`;
    token = (await adminHeaders(hub.app)).authorization.slice('Bearer '.length);
    await hub.ctx.db.query("INSERT INTO dataspaces (slug, name) VALUES ('statistik', 'Statistik')");
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-cli-import-'));
  });
  afterAll(async () => {
    await hub?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.skipIf(!EWR && skipNotice('EWR-Matrix'))('creates dataset and imports csv', async () => {
    const run = await runImportCli(
      [EWR!, '--space', 'statistik', '--dataset', 'einwohner-2024', '--title', 'Einwohner 2024', '--access-level', 'intern', '--server', server],
      { DATAHUB_TOKEN: token },
    );
    expect(run.stderr).toContain('Hochgeladen: 100 %');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Datensatz „einwohner-2024“ im Datenraum „statistik“ angelegt.');
    expect(run.stdout).toContain('Prüfbericht: 542 Zeilen geprüft. Keine Typfehler.');
    expect(run.stdout).toContain('Import abgeschlossen: Version 1 mit 542 Zeilen ist jetzt aktuell.');
    const { rows } = await hub.ctx.db.query<{ title: string; access_level: string; current_version: number }>(
      "SELECT title, access_level, current_version FROM datasets WHERE slug = 'einwohner-2024'",
    );
    expect(rows).toEqual([{ title: 'Einwohner 2024', access_level: 'intern', current_version: 1 }]);
  });

  it('dry run with user login keeps version', async () => {
    const file = path.join(tmp, 'bezirke.csv');
    fs.writeFileSync(file, 'Bezirk;Einwohner\nMitte;397134\nPankow;424307\n');
    const first = await runImportCli([file, '--space', 'statistik', '--dataset', 'bezirke', '--server', server], { DATAHUB_TOKEN: token });
    expect(first.code).toBe(0);
    const dry = await runImportCli([file, '--space', 'statistik', '--dataset', 'bezirke', '--server', server, '--user', 'admin', '--dry-run'], {
      DATAHUB_PASSWORD: ADMIN_PASSWORD,
    });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Spalten: Bezirk (Text), Einwohner (Ganzzahl)');
    expect(dry.stdout).toContain('Schema: Vergleich mit Version 1: Spalten unverändert. Zeilen: 2 → 2.');
    expect(dry.stdout).toContain('Probelauf (--dry-run): Es wurde nichts übernommen.');
    const { rows } = await hub.ctx.db.query<{ status: string }>(
      "SELECT i.status FROM imports i JOIN datasets d ON d.id = i.dataset_id WHERE d.slug = 'bezirke' ORDER BY i.created_at",
    );
    expect(rows.map((row) => row.status)).toEqual(['committed', 'cancelled']);
  });

  it('dry run of breaking change exits 1', async () => {
    const file = path.join(tmp, 'bezirke-ohne-einwohner.csv');
    fs.writeFileSync(file, 'Bezirk;Fläche\nMitte;39,47\nPankow;103,01\n');
    const dry = await runImportCli([file, '--space', 'statistik', '--dataset', 'bezirke', '--server', server, '--dry-run'], { DATAHUB_TOKEN: token });
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('Probelauf (--dry-run): Es wurde nichts übernommen.');
    expect(dry.stderr).toContain(
      'Fehler: Der Import würde abgelehnt: Die Datei ändert das Schema so, dass bisherige Abfragen brechen. Bestätigen Sie das mit --confirm-breaking.\n',
    );

    const confirmed = await runImportCli(
      [file, '--space', 'statistik', '--dataset', 'bezirke', '--server', server, '--dry-run', '--confirm-breaking'],
      { DATAHUB_TOKEN: token },
    );
    expect(confirmed.code).toBe(0);
    const { rows } = await hub.ctx.db.query<{ current_version: number }>("SELECT current_version FROM datasets WHERE slug = 'bezirke'");
    expect(rows[0].current_version).toBe(1);
  });

  it('dry run of new dataset exits 1', async () => {
    const file = path.join(tmp, 'neu.csv');
    fs.writeFileSync(file, 'Bezirk;Einwohner\nMitte;397134\n');
    const dry = await runImportCli([file, '--space', 'statistik', '--dataset', 'neu', '--server', server, '--dry-run'], { DATAHUB_TOKEN: token });
    expect(dry.code).toBe(1);
    expect(dry.stderr).toBe(
      'Fehler: Den Datensatz „neu“ im Datenraum „statistik“ gibt es noch nicht. --dry-run braucht einen vorhandenen Datensatz, ' +
        'deshalb wurde nichts angelegt und nichts hochgeladen. Ohne --dry-run legt der Import den Datensatz an und übernimmt die Datei.\n',
    );
    const { rows } = await hub.ctx.db.query("SELECT id FROM datasets WHERE slug = 'neu'");
    expect(rows).toEqual([]);
  });

  it('validation failure exits 1 with German detail', async () => {
    const file = path.join(tmp, 'kaputt.csv');
    fs.writeFileSync(file, 'Bezirk;Einwohner\nMitte;397134\nPankow;424307;zu viel\n');
    const run = await runImportCli([file, '--space', 'statistik', '--dataset', 'bezirke', '--server', server], { DATAHUB_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Fehler: .*Zeile 3/m);
    const { rows } = await hub.ctx.db.query<{ current_version: number }>("SELECT current_version FROM datasets WHERE slug = 'bezirke'");
    expect(rows[0].current_version).toBe(1);
  });

  it('missing space exits 2', async () => {
    const run = await runImportCli([EWR ?? '/etc/hostname', '--dataset', 'x', '--server', server], { DATAHUB_TOKEN: token });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Fehler: Bitte geben Sie den Datenraum mit --space <kürzel> an.\n');
  });

  it('missing file exits 2', async () => {
    const run = await runImportCli(['/gibt/es/nicht.csv', '--space', 'statistik', '--dataset', 'x', '--server', server], { DATAHUB_TOKEN: token });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('Fehler: Die Datei „/gibt/es/nicht.csv“ gibt es nicht oder sie ist keine normale Datei.\n');
  });

  it('invalid on-error choice exits 2', async () => {
    const run = await runImportCli(['/etc/hostname', '--space', 's', '--dataset', 'x', '--on-error', 'ignore'], { DATAHUB_TOKEN: token });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Fehler: Ungültiger Wert „ignore“ für --on-error <wahl>. Erlaubt sind: abort, skip, null.\n');
  });

  it('help is German', async () => {
    const run = await runImportCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Aufruf: datahub import [Optionen] <datei>\n');
    expect(run.stdout).toContain('\nArgumente:\n');
    expect(run.stdout).toContain('\nOptionen:\n');
    expect(run.stdout).toContain('  -h, --help              Hilfe anzeigen\n');
    expect(run.stdout).toContain('(Auswahl: abort,');
    expect(run.stdout).not.toMatch(/Usage:|Options:|Arguments:|choices:|default:|display help/);
  });

  it('missing credentials exit 2', async () => {
    const run = await runImportCli(['/etc/hostname', '--space', 's', '--dataset', 'x', '--server', server]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Keine Zugangsdaten');
  });

  it('unreachable server exits 1', async () => {
    const run = await runImportCli(['/etc/hostname', '--space', 's', '--dataset', 'x', '--server', 'http://127.0.0.1:9'], { DATAHUB_TOKEN: token });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Der Server http://127.0.0.1:9 ist nicht erreichbar');
  });
});
