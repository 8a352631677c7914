import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, sharedFile, startHub, type TestHub } from '../harness.ts';
import { HAS_CHROMIUM, launchChromium, screenshot, seriousViolations } from './browser.ts';
import { zipFiles } from './zip.ts';

if (!HAS_CHROMIUM) process.stdout.write('SKIP: Browser-Tests: /usr/bin/chromium ist nicht installiert (Debian-Paket chromium).\n');

const POPULATION_CSV = sharedFile('population/einwohnerbestand_06-2022_plr.csv');
const PLR_PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg'].map((extension) => sharedFile(`geo/lor_2021/LOR_2023-01-01_PLR_EPSG_25833_nur_ID.${extension}`));
const HAS_PLR = PLR_PARTS.every(Boolean);
if (!POPULATION_CSV) process.stdout.write('SKIP: CSV-Import im Browser: population/einwohnerbestand_06-2022_plr.csv fehlt in ../shared/data.\n');
if (!HAS_PLR) process.stdout.write('SKIP: Shapefile-Import im Browser: geo/lor_2021/LOR_2023-01-01_PLR_EPSG_25833_nur_ID.* fehlt in ../shared/data.\n');

// The scenarios build on each other (login, dataspace, dataset, imports), so they share one hub and one page.
describe.skipIf(!HAS_CHROMIUM)('web UI in Chromium', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let base: string;
  let tempDir: string;

  const goto = async (pathname: string) => {
    await page.goto(base + pathname);
  };
  const heading = (name: string | RegExp, level = 1) => page.getByRole('heading', { name, level });

  beforeAll(async () => {
    hub = await startHub();
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const address = hub.app.server.address();
    if (!address || typeof address === 'string') throw new Error(`unexpected server address ${String(address)}`);
    base = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('login shows German error for wrong password', async () => {
    await goto('/anmelden');
    await heading('Anmelden').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await seriousViolations(page, 'Anmeldung')).toEqual([]);

    await page.getByLabel('Benutzername').fill('admin');
    await page.getByLabel('Passwort').fill('falsches-passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Benutzername oder Passwort ist falsch' });
    await alert.waitFor();
    expect(await page.getByLabel('Passwort').getAttribute('aria-describedby')).toBe('login-error');
    expect(await page.getByLabel('Passwort').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'login-error');
  });

  it('login form works with keyboard only', async () => {
    await goto('/anmelden');
    await heading('Anmelden').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');

    let focusedId = '';
    for (let presses = 0; presses < 15 && focusedId !== 'login-username'; presses += 1) {
      await page.keyboard.press('Tab');
      focusedId = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focusedId).toBe('login-username');
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    await page.keyboard.type(ADMIN_PASSWORD);
    await page.keyboard.press('Enter');
    await heading('Übersicht').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('overview creates user and dataspace', async () => {
    await page.getByText('Als Plattform-Administration können Sie mit dem Formular unten einen Datenraum anlegen.', { exact: false }).waitFor();
    await page.getByLabel('Benutzername').fill('lena.lesen');
    await page.getByLabel('Anzeigename').fill('Lena Lesen');
    await page.getByLabel('Passwort').fill('lesen-passwort-123');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.getByRole('status').filter({ hasText: 'Das Konto „lena.lesen“ wurde angelegt.' }).waitFor();

    await page.getByLabel('Name', { exact: true }).fill('Stadtentwicklung Test');
    await page.getByLabel('Kurzname (für Adressen)').fill('stadtentwicklung');
    await page.getByLabel('Beschreibung').fill('Bevölkerung und Planungsräume');
    await page.getByRole('button', { name: 'Datenraum anlegen' }).click();
    const card = page.getByRole('link', { name: 'Stadtentwicklung Test' });
    await card.waitFor();
    expect(await page.locator('.card').filter({ hasText: 'Stadtentwicklung Test' }).textContent()).toContain('Bevölkerung und Planungsräume');
    expect(await seriousViolations(page, 'Übersicht')).toEqual([]);
    await screenshot(page, 'overview');
  });

  it('dataspace page creates dataset', async () => {
    await page.getByRole('link', { name: 'Stadtentwicklung Test' }).click();
    await heading('Datenraum Stadtentwicklung Test').waitFor();
    await page.getByText('Ihre Rolle: Plattform-Administration').waitFor();
    await page.getByLabel('Titel').fill('Einwohnerbestand Juni 2022');
    await page.getByLabel('Kurzname (für Adressen)').fill('einwohner-2022');
    await page.getByLabel('Zugriffsstufe').selectOption('intern');
    await page.getByRole('button', { name: 'Datensatz anlegen' }).click();
    await page.getByRole('link', { name: 'Einwohnerbestand Juni 2022' }).waitFor();
    expect(await seriousViolations(page, 'Datenraum')).toEqual([]);
  });

  it.skipIf(!POPULATION_CSV)('wizard imports population CSV', async () => {
    await page.getByRole('link', { name: 'Einwohnerbestand Juni 2022' }).click();
    await heading('Einwohnerbestand Juni 2022').waitFor();
    await page.getByRole('link', { name: 'Daten importieren' }).click();
    await heading('Daten importieren').waitFor();
    expect(await seriousViolations(page, 'Import Schritt 1')).toEqual([]);

    await page.getByLabel('Datei', { exact: true }).setInputFiles(POPULATION_CSV!);
    await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
    await heading('Schritt 2 von 5: Vorschau', 2).waitFor({ timeout: 180_000 });
    const detected = await page.locator('dl.facts').textContent();
    expect(detected).toContain('FormatCSV-Datei');
    expect(detected).toContain(';');
    expect(await page.locator('table.preview tbody tr').first().textContent()).toContain('01100101');
    expect(await seriousViolations(page, 'Import Schritt 2')).toEqual([]);
    await screenshot(page, 'wizard-preview');

    await page.getByRole('button', { name: 'Weiter' }).click();
    await heading('Schritt 3 von 5: Spalten prüfen', 2).waitFor();
    expect(await page.getByLabel('Typ für Spalte PLR-ID').inputValue()).toBe('text');
    expect(await page.getByLabel('Typ für Spalte Gesamt').inputValue()).toBe('integer');
    await page.getByLabel('Einheit für Spalte Gesamt').fill('Personen');
    await page.getByLabel('PLR-ID als Schlüssel').check();
    expect(await seriousViolations(page, 'Import Schritt 3')).toEqual([]);
    await screenshot(page, 'wizard-types');

    await page.getByRole('button', { name: 'Weiter' }).click();
    await heading('Schritt 4 von 5: Prüfbericht', 2).waitFor();
    expect(await page.getByText('Die Datei enthält 542 Zeilen.').count()).toBe(1);
    expect(await page.getByLabel('Abbrechen').isChecked()).toBe(true);
    expect(await seriousViolations(page, 'Import Schritt 4')).toEqual([]);
    await screenshot(page, 'wizard-report');

    await page.getByRole('button', { name: 'Importieren' }).click();
    await heading('Schritt 5 von 5: Ergebnis', 2).waitFor({ timeout: 180_000 });
    expect(await page.getByRole('status').filter({ hasText: 'Import abgeschlossen' }).textContent()).toBe(
      'Import abgeschlossen: Version 1 mit 542 Zeilen ist jetzt aktuell.',
    );
    expect(await seriousViolations(page, 'Import Schritt 5')).toEqual([]);
  });

  it.skipIf(!POPULATION_CSV)('dataset page shows table and schema', async () => {
    await page.getByRole('link', { name: 'Zum Datensatz', exact: true }).click();
    await heading('Einwohnerbestand Juni 2022').waitFor();
    await page.getByText('Zeilen 1 bis 25 von 542').waitFor();
    const schema = page.locator('table.schema');
    expect(await schema.getByRole('row', { name: /PLR-ID/ }).textContent()).toContain('Text');
    expect(await schema.getByRole('row', { name: /^Gesamt/ }).textContent()).toContain('GanzzahlPersonen');

    const firstRow = page.locator('.data-table tbody tr').first();
    expect(await firstRow.textContent()).toContain('01100101');
    expect(await firstRow.locator('td').first().textContent()).toBe('3.503');

    await page.getByRole('button', { name: /^Gesamt/ }).click();
    await page.locator('th[aria-sort="ascending"]').waitFor();
    await page.getByRole('button', { name: /^Gesamt/ }).click();
    await page.locator('th[aria-sort="descending"]').waitFor();

    await page.getByLabel('Filter für Spalte PLR-ID').fill('01100101');
    await page.getByText('Zeilen 1 bis 1 von 1').waitFor();
    await page.getByLabel('Filter für Spalte PLR-ID').fill('');
    await page.getByText('Zeilen 1 bis 25 von 542').waitFor();

    // 22 planning areas of June 2022 have between 3,000 and 3,503 inhabitants, both bounds included.
    await page.getByLabel('Spalte Gesamt: von (einschließlich)').fill('3000');
    await page.getByLabel('Spalte Gesamt: bis (einschließlich)').fill('3503');
    await page.getByText('Zeilen 1 bis 22 von 22').waitFor();
    await page.getByLabel('Spalte Gesamt: von (einschließlich)').fill('');
    await page.getByLabel('Spalte Gesamt: bis (einschließlich)').fill('');
    await page.getByText('Zeilen 1 bis 25 von 542').waitFor();

    const curl = await page.locator('pre.code').textContent();
    expect(curl).toContain(`${base}/api/v1/dataspaces/stadtentwicklung/datasets/einwohner-2022/rows`);
    expect(await page.getByRole('link', { name: 'CSV für Excel (de)' }).getAttribute('href')).toBe(
      '/api/v1/dataspaces/stadtentwicklung/datasets/einwohner-2022/rows?format=csv&dialect=excel-de',
    );
    expect(await seriousViolations(page, 'Datensatz (Tabelle)')).toEqual([]);
    // Wide tables scroll inside their own region, so the page never scrolls sideways at 1280 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await screenshot(page, 'dataset-table');
  });

  it.skipIf(!POPULATION_CSV)('version history restores first version', async () => {
    await goto('/datenraeume/stadtentwicklung/datensaetze/einwohner-2022/import');
    await page.getByLabel('Datei', { exact: true }).setInputFiles(POPULATION_CSV!);
    await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
    await heading('Schritt 2 von 5: Vorschau', 2).waitFor({ timeout: 180_000 });
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await heading('Schritt 4 von 5: Prüfbericht', 2).waitFor();
    expect(await page.getByRole('heading', { name: 'Änderungen gegenüber Version 1', level: 3 }).count()).toBe(1);
    expect(await page.getByText('Zeilen: 542 → 542').count()).toBe(1);
    await page.getByRole('button', { name: 'Importieren' }).click();
    await heading('Schritt 5 von 5: Ergebnis', 2).waitFor({ timeout: 180_000 });
    await page.getByText('Import abgeschlossen: Version 2 mit 542 Zeilen ist jetzt aktuell.').waitFor();

    await page.getByRole('link', { name: 'Zum Datensatz', exact: true }).click();
    const versions = page.locator('section[aria-labelledby="versions-heading"] tbody tr');
    await versions.nth(1).waitFor();
    expect(await versions.count()).toBe(2);
    await page.getByRole('button', { name: 'Version 1 wiederherstellen' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('Version 1 vom ');
    expect(await seriousViolations(page, 'Wiederherstellen bestätigen')).toEqual([]);
    await dialog.getByRole('button', { name: 'Wiederherstellen' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 ist jetzt die aktuelle Version.' }).waitFor();
    await page.getByRole('button', { name: 'Version 2 wiederherstellen' }).waitFor();
    expect(await versions.getByRole('cell', { name: 'aktuell', exact: true }).count()).toBe(1);
    expect(await versions.getByRole('cell', { name: 'ältere Version', exact: true }).count()).toBe(1);
    // The schema section reloads after the restore and then names the current version again.
    await page.getByText('Version 1', { exact: true }).waitFor();
    expect(await page.getByText('Version 1', { exact: true }).count()).toBe(1);
  });

  it.skipIf(!HAS_PLR)('wizard imports LOR shapefile and draws map', async () => {
    const zip = path.join(tempDir, 'LOR_PLR_25833.zip');
    zipFiles(zip, PLR_PARTS as string[]);

    await goto('/datenraeume/stadtentwicklung');
    await page.getByLabel('Titel').fill('LOR Planungsräume 2023');
    await page.getByLabel('Kurzname (für Adressen)').fill('lor-plr');
    await page.getByRole('button', { name: 'Datensatz anlegen' }).click();
    await page.getByRole('link', { name: 'LOR Planungsräume 2023' }).click();
    await page.getByRole('link', { name: 'Daten importieren' }).click();
    await page.getByLabel('Datei', { exact: true }).setInputFiles(zip);
    await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
    await heading('Schritt 2 von 5: Vorschau', 2).waitFor({ timeout: 180_000 });
    expect(await page.locator('dl.facts').textContent()).toContain('25833');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await heading('Schritt 3 von 5: Spalten prüfen', 2).waitFor();
    await page.getByRole('button', { name: 'Weiter' }).click();
    await heading('Schritt 4 von 5: Prüfbericht', 2).waitFor();
    await page.getByRole('button', { name: 'Importieren' }).click();
    await heading('Schritt 5 von 5: Ergebnis', 2).waitFor({ timeout: 180_000 });
    await page.getByRole('link', { name: 'Zum Datensatz', exact: true }).click();

    const figure = page.locator('figure.map-preview');
    await figure.locator('svg path, canvas').first().waitFor();
    const renderer = await figure.getAttribute('data-renderer');
    process.stdout.write(`Kartenvorschau im Test-Chromium: ${renderer === 'svg' ? 'SVG-Ersatz (kein WebGL)' : 'MapLibre GL (WebGL)'}\n`);
    if (renderer === 'svg') {
      expect(await figure.locator('svg path').count()).toBe(542);
    } else {
      expect(await figure.locator('canvas.maplibregl-canvas').count()).toBe(1);
      expect(await figure.locator('[aria-label="Map"]').count()).toBe(0);
      expect(await figure.getByLabel('Kartenvorschau der Geometrien').count()).toBeGreaterThan(0);
      await page.locator('figure.map-preview[data-drawn-features]').waitFor();
      expect(Number(await figure.getAttribute('data-drawn-features'))).toBe(542);
    }

    // Berlin spans about 13.09–13.76° E and 52.34–52.68° N; a wrong axis order or CRS lands far outside.
    const [minLon, minLat, maxLon, maxLat] = (await figure.getAttribute('data-bbox'))!.split(',').map(Number);
    expect(minLon).toBeGreaterThan(13.0);
    expect(minLon).toBeLessThan(13.15);
    expect(maxLon).toBeGreaterThan(13.7);
    expect(maxLon).toBeLessThan(13.8);
    expect(minLat).toBeGreaterThan(52.3);
    expect(minLat).toBeLessThan(52.37);
    expect(maxLat).toBeGreaterThan(52.65);
    expect(maxLat).toBeLessThan(52.7);
    expect(await seriousViolations(page, 'Datensatz (Karte)')).toEqual([]);
    await screenshot(page, 'dataset-map');
  });

  it.skipIf(!HAS_PLR)('map preview falls back to SVG without WebGL', async () => {
    const svgPage = await page.context().newPage();
    await svgPage.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        if (type.startsWith('webgl') || type === 'experimental-webgl') return null;
        return (original as (...args: unknown[]) => RenderingContext | null).call(this, type, ...rest);
      } as typeof original;
    });
    try {
      await svgPage.goto(`${base}/datenraeume/stadtentwicklung/datensaetze/lor-plr`);
      const figure = svgPage.locator('figure.map-preview');
      await figure.locator('svg path').first().waitFor();
      expect(await figure.getAttribute('data-renderer')).toBe('svg');
      expect(await figure.locator('svg path').count()).toBe(542);
      expect(await figure.locator('svg').getAttribute('aria-label')).toBe('Karte mit 542 Geometrien');
      const [minLon, minLat, maxLon, maxLat] = (await figure.getAttribute('data-bbox'))!.split(',').map(Number);
      expect(minLon).toBeGreaterThan(13.0);
      expect(maxLon).toBeLessThan(13.8);
      expect(minLat).toBeGreaterThan(52.3);
      expect(maxLat).toBeLessThan(52.7);
      await screenshot(svgPage, 'dataset-map-svg');
    } finally {
      await svgPage.close();
    }
  });

  it('members tab adds member and changes role', async () => {
    await goto('/datenraeume/stadtentwicklung/mitglieder');
    await heading('Mitglieder & Rollen', 2).waitFor();
    await page.getByLabel('Benutzername').fill('lena.lesen');
    await page.getByLabel('Rolle', { exact: true }).selectOption('lesen');
    await page.getByRole('button', { name: 'Hinzufügen' }).click();
    await page.getByRole('status').filter({ hasText: 'lena.lesen wurde mit der Rolle Lesen hinzugefügt.' }).waitFor();
    await page.getByLabel('Rolle von lena.lesen').selectOption('redaktion');
    await page.getByRole('status').filter({ hasText: 'lena.lesen hat jetzt die Rolle Redaktion.' }).waitFor();
    expect(await seriousViolations(page, 'Mitglieder')).toEqual([]);
    await screenshot(page, 'members');
  });

  it('audit tab lists entries and links CSV', async () => {
    await goto('/datenraeume/stadtentwicklung/audit');
    await heading('Audit-Log', 2).waitFor();
    await page.locator('section table.data tbody tr').first().waitFor();
    expect(await page.getByRole('cell', { name: 'Mitglied hinzugefügt' }).count()).toBeGreaterThan(0);
    expect(await page.getByRole('cell', { name: 'member.add' }).count()).toBe(0);
    expect(await page.getByRole('cell', { name: 'Datenraum stadtentwicklung' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Als CSV herunterladen' }).getAttribute('href')).toBe(
      '/api/v1/audit?dataspace=stadtentwicklung&format=csv',
    );
    expect(await seriousViolations(page, 'Audit-Log')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });

  it('tokens page shows new token once', async () => {
    await goto('/tokens');
    await heading('Persönliche API-Tokens').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Skript Bevölkerung');
    await page.getByLabel('Stadtentwicklung Test').check();
    await page.getByLabel('nur lesen').check();
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    await heading('Neues Token', 2).waitFor();
    expect(await page.locator('.token-once code').textContent()).toMatch(/^dht_/);
    await page.getByRole('cell', { name: 'Skript Bevölkerung', exact: true }).waitFor();
    expect(await seriousViolations(page, 'API-Tokens')).toEqual([]);
    await screenshot(page, 'tokens');
  });

  it.skipIf(!HAS_PLR)('metadata form publishes dataset', async () => {
    await goto('/datenraeume/stadtentwicklung/datensaetze/lor-plr');
    await page.getByRole('button', { name: 'Metadaten bearbeiten' }).click();
    await page.getByLabel('Beschreibung').fill('Planungsräume der lebensweltlich orientierten Räume (LOR), Stand 2023');
    await page.getByLabel('Zugriffsstufe').selectOption('oeffentlich');
    await page.getByLabel('Regionen und Städte').check();
    await page.getByLabel('Lizenz').selectOption('dl-de/by-2-0');
    await page.getByLabel('Schlagwörter').fill('LOR, Planungsraum');
    expect(await seriousViolations(page, 'Metadaten-Formular')).toEqual([]);
    await page.getByRole('button', { name: 'Speichern' }).click();

    const facts = page.locator('dl.metadata');
    await page.getByRole('button', { name: 'Metadaten bearbeiten' }).waitFor();
    expect(await facts.textContent()).toContain('Zugriffsstufeöffentlich');
    expect(await facts.textContent()).toContain('ThemaRegionen und Städte');
    expect(await facts.textContent()).toContain('Lizenzdl-de/by-2-0');
    expect(await facts.textContent()).toContain('SchlagwörterLOR, Planungsraum');
  });

  it('catalog finds datasets with search', async () => {
    await goto('/katalog');
    await heading('Katalog').waitFor();
    await page.getByRole('searchbox', { name: 'Suchbegriff' }).fill('Einwohnerbestand');
    await page.getByRole('button', { name: 'Suchen' }).click();
    // The unfiltered list already contains the link, so the count text shows when the search result has arrived.
    await page.getByText('1 Datensatz gefunden').waitFor();
    await page.getByRole('link', { name: 'Einwohnerbestand Juni 2022' }).waitFor();
    expect(await page.locator('.results > li').count()).toBe(1);
    expect(await seriousViolations(page, 'Katalog')).toEqual([]);
    await screenshot(page, 'catalog');
  });

  it.skipIf(!HAS_PLR)('catalog lists public datasets anonymously', async () => {
    const anonymous = await browser.newContext({ locale: 'de-DE' });
    const anonymousPage = await anonymous.newPage();
    try {
      await anonymousPage.goto(`${base}/katalog`);
      await anonymousPage.getByRole('link', { name: 'LOR Planungsräume 2023' }).waitFor();
      expect(await anonymousPage.getByRole('link', { name: 'Einwohnerbestand Juni 2022' }).count()).toBe(0);
      expect(await anonymousPage.getByRole('link', { name: 'Anmelden' }).count()).toBe(1);
      expect(await seriousViolations(anonymousPage, 'Katalog (ohne Anmeldung)')).toEqual([]);
    } finally {
      await anonymous.close();
    }
  });

  it('account page changes one-time password', async () => {
    await hub.ctx.db.query('UPDATE users SET must_change_password = true WHERE username = $1', ['lena.lesen']);
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
    const lenaPage = await context.newPage();
    lenaPage.setDefaultTimeout(30_000);
    try {
      await lenaPage.goto(`${base}/anmelden`);
      await lenaPage.getByLabel('Benutzername').fill('lena.lesen');
      await lenaPage.getByLabel('Passwort').fill('lesen-passwort-123');
      await lenaPage.getByRole('button', { name: 'Anmelden' }).click();
      await lenaPage.getByText('Bitte ändern Sie Ihr Einmal-Passwort.').waitFor();
      await lenaPage.getByRole('link', { name: 'Zum Konto' }).click();
      await lenaPage.getByRole('heading', { name: 'Konto', level: 1 }).waitFor();

      await lenaPage.getByLabel('Aktuelles Passwort').fill('lesen-passwort-123');
      await lenaPage.getByLabel('Neues Passwort', { exact: true }).fill('kurz');
      await lenaPage.getByLabel('Neues Passwort wiederholen').fill('kurz');
      await lenaPage.getByRole('button', { name: 'Passwort ändern' }).click();
      await lenaPage.getByText('Das neue Passwort hat 4 Zeichen. Bitte wählen Sie mindestens 10 Zeichen.').waitFor();
      expect(await lenaPage.getByLabel('Neues Passwort', { exact: true }).getAttribute('aria-invalid')).toBe('true');

      await lenaPage.getByLabel('Aktuelles Passwort').fill('falsches-passwort');
      await lenaPage.getByLabel('Neues Passwort', { exact: true }).fill('lesen-passwort-456');
      await lenaPage.getByLabel('Neues Passwort wiederholen').fill('lesen-passwort-456');
      await lenaPage.getByRole('button', { name: 'Passwort ändern' }).click();
      await lenaPage.getByRole('alert').filter({ hasText: 'Das bisherige Passwort ist falsch.' }).waitFor();

      await lenaPage.getByLabel('Aktuelles Passwort').fill('lesen-passwort-123');
      await lenaPage.getByRole('button', { name: 'Passwort ändern' }).click();
      await lenaPage.getByRole('status').filter({ hasText: 'Ihr Passwort wurde geändert.' }).waitFor();
      expect(await seriousViolations(lenaPage, 'Konto')).toEqual([]);

      // Redaktion may import but not read the audit log, so the tab is not offered and its address explains why.
      await lenaPage.goto(`${base}/datenraeume/stadtentwicklung/audit`);
      await lenaPage.getByText('Das Audit-Log dieses Datenraums sehen nur die Koordination und die Plattform-Administration.').waitFor();
      expect(await lenaPage.getByRole('link', { name: 'Audit-Log' }).count()).toBe(0);
      expect(await lenaPage.getByText('Bitte ändern Sie Ihr Einmal-Passwort.').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('English switch shows English labels', async () => {
    await goto('/');
    await page.getByLabel('Sprache').selectOption('en');
    await heading('Overview').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).textContent()).toContain('Catalogue');

    await page.reload();
    await heading('Overview').waitFor();
    expect(await page.getByRole('link', { name: 'Skip to content' }).count()).toBe(1);
    expect(await seriousViolations(page, 'Overview (English)')).toEqual([]);

    await page.getByLabel('Language').selectOption('de');
    await heading('Übersicht').waitFor();
  });
});
