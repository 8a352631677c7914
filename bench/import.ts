/**
 * Import benchmark: compares the hub's CSV import rate with `psql \copy` of the same rows into an
 * equally typed table on the same PostgreSQL server, and records the server's peak RSS.
 * Needs DATABASE_URL (an external PostgreSQL with PostGIS; the role must be allowed to create databases).
 * Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import [-- --rows 1000000] [--cpu-prof DIR]
 * With --cpu-prof the server writes a V8 CPU profile into DIR when it stops (and the run is not recorded).
 */
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ApiClient } from '../src/cli/import-client.ts';
import { streamUpload } from '../src/cli/import-upload.ts';
import { generateFiles } from './generate.ts';

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const ADMIN_PASSWORD = 'bench-admin-passwort-1';

function rowsArgument(): number {
  const index = process.argv.indexOf('--rows');
  const value = index >= 0 ? Number(process.argv[index + 1]) : 1_000_000;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--rows expects a positive integer, got ${process.argv[index + 1]}`);
  return value;
}

function profileArgument(): string | undefined {
  const index = process.argv.indexOf('--cpu-prof');
  return index >= 0 ? path.resolve(process.argv[index + 1]) : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(base: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Loads the normalised CSV with psql \copy into a typed table and returns the seconds it took. */
async function timePsqlCopy(url: string, file: string): Promise<number> {
  await execFileAsync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c',
    `CREATE TABLE bench_copy (_row bigint PRIMARY KEY, c1 text, c2 bigint, c3 bigint, c4 numeric, c5 numeric, c6 date, c7 text, c8 text, c9 text, c10 bigint)`]);
  const started = process.hrtime.bigint();
  await execFileAsync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy bench_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await execFileAsync('psql', [url, '-q', '-c', 'DROP TABLE bench_copy']);
  return seconds;
}

function readStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match ? Number(match[1]) : 0;
}

async function waitForHealth(server: string, child: ReturnType<typeof spawn>): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`hub exited with status ${child.exitCode} during start`);
    try {
      const response = await fetch(`${server}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // The server is not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('hub did not become healthy within 60 s');
}

async function expectOk(response: { ok: boolean; status: number; body: unknown }, what: string) {
  if (!response.ok) throw new Error(`${what} failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

/** Starts the hub as a child process, imports the German-format CSV through the API and measures it. */
async function timeHubImport(url: string, file: string, dataDir: string) {
  const port = await freePort();
  const server = `http://127.0.0.1:${port}`;
  const profileDir = profileArgument();
  const profileFlags = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...profileFlags, path.join(ROOT, 'bin/datahub.js'), 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATAHUB_DATA_DIR: dataDir,
      DATAHUB_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForHealth(server, child);
    const client = new ApiClient(server);
    const login = await expectOk(await client.request('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), 'login');
    client.token = String(login.token);
    await expectOk(await client.request('POST', '/api/v1/dataspaces', { slug: 'bench', name: 'Benchmark' }), 'create dataspace');
    await expectOk(await client.request('POST', '/api/v1/dataspaces/bench/datasets', { slug: 'zeilen', title: 'Benchmark', accessLevel: 'datenraum' }), 'create dataset');

    const rssBefore = readStatusKb(child.pid!, 'VmRSS');
    let sampledPeak = rssBefore;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, readStatusKb(child.pid!, 'VmRSS'));
    }, 100);
    const started = process.hrtime.bigint();
    const response = await streamUpload(client, '/api/v1/dataspaces/bench/datasets/zeilen/imports', file, path.basename(file), fs.statSync(file).size, { commit: 'true' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    const body = await expectOk(response, 'import');
    const peakKb = readStatusKb(child.pid!, 'VmHWM');
    return { seconds, rowCount: Number(body.rowCount), peakRssMb: peakKb / 1024, sampledPeakMb: sampledPeak / 1024, startRssMb: rssBefore / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

function machine() {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return { cpu, cores: os.cpus().length, ramGb: Math.round(os.totalmem() / 1024 ** 3) };
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT current_setting('server_version') AS version");
    return String(rows[0].version);
  } finally {
    await client.end();
  }
}

async function main() {
  const base = process.env.DATABASE_URL;
  if (!base) {
    process.stderr.write(
      'The import benchmark needs an external PostgreSQL with PostGIS: set DATABASE_URL, for example\n' +
        '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import\n',
    );
    process.exit(2);
  }
  const rows = rowsArgument();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'datahub-bench-'));
  const database = `datahub_bench_${process.pid}`;
  const url = databaseUrl(base, database);
  try {
    process.stdout.write(`Generating ${rows.toLocaleString('en-US')} rows in ${tmp} …\n`);
    const files = await generateFiles(tmp, rows);
    await adminQuery(base, `CREATE DATABASE ${database}`);

    const loadBefore = os.loadavg()[0];
    process.stdout.write('Loading with psql \\copy …\n');
    const copySeconds = await timePsqlCopy(url, files.normalised);
    process.stdout.write('Importing through the hub …\n');
    const hub = await timeHubImport(url, files.german, path.join(tmp, 'data'));
    if (hub.rowCount !== rows) throw new Error(`hub imported ${hub.rowCount} rows, expected ${rows}`);

    const copyRate = rows / copySeconds;
    const hubRate = rows / hub.seconds;
    const result = {
      date: new Date().toISOString().slice(0, 10),
      rows,
      germanFileMb: fs.statSync(files.german).size / 1024 / 1024,
      copySeconds,
      copyRate,
      hubSeconds: hub.seconds,
      hubRate,
      ratio: hubRate / copyRate,
      peakRssMb: hub.peakRssMb,
      startRssMb: hub.startRssMb,
      postgres: await serverVersion(url),
      node: process.version,
      ...machine(),
      // One-minute load average before and after both loads; other processes slow both sides.
      load: [loadBefore, os.loadavg()[0]] as [number, number],
    };
    printResult(result);
    if (!profileArgument()) writeRecord(result);
  } finally {
    await adminQuery(base, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

type BenchResult = {
  date: string;
  rows: number;
  germanFileMb: number;
  copySeconds: number;
  copyRate: number;
  hubSeconds: number;
  hubRate: number;
  ratio: number;
  peakRssMb: number;
  startRssMb: number;
  postgres: string;
  node: string;
  cpu: string;
  cores: number;
  ramGb: number;
  load: [number, number];
};

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printResult(result: BenchResult): void {
  const lines = [
    `psql \\copy: ${fmt(result.copySeconds, 1)} s, ${fmt(result.copyRate)} rows/s`,
    `hub import:  ${fmt(result.hubSeconds, 1)} s, ${fmt(result.hubRate)} rows/s`,
    `ratio:       ${fmt(result.ratio * 100, 1)} % of \\copy (target ≥ 50 %)`,
    `peak RSS:    ${fmt(result.peakRssMb)} MB (VmHWM of the server process; target < 500 MB)`,
    `load:        ${fmt(result.load[0], 1)} before, ${fmt(result.load[1], 1)} after (one-minute load average, ${result.cores} cores)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Adds the run as the last row of the results table in docs/benchmarks.md, creating the page on first use. */
function writeRecord(result: BenchResult): void {
  const file = path.join(ROOT, 'docs/benchmarks.md');
  if (!fs.existsSync(file)) fs.writeFileSync(file, BENCHMARK_PAGE_HEADER);
  const row =
    `| ${result.date} | ${fmt(result.rows)} | ${fmt(result.germanFileMb)} MB | ${fmt(result.copySeconds, 1)} s / ${fmt(result.copyRate)} | ` +
    `${fmt(result.hubSeconds, 1)} s / ${fmt(result.hubRate)} | ${fmt(result.ratio * 100, 1)} % | ${fmt(result.peakRssMb)} MB | ` +
    `${result.cpu}, ${result.cores} cores, ${result.ramGb} GB RAM, load ${fmt(result.load[0], 1)}–${fmt(result.load[1], 1)}; ` +
    `PostgreSQL ${result.postgres}; Node ${result.node} |\n`;
  fs.writeFileSync(file, insertAfterLastTableRow(fs.readFileSync(file, 'utf8'), row));
  process.stdout.write(`Recorded in ${path.relative(process.cwd(), file)}\n`);
}

/** Inserts the row after the first table's last row, so text below the table stays below it. */
function insertAfterLastTableRow(page: string, row: string): string {
  const lines = page.split('\n');
  const first = lines.findIndex((line) => line.startsWith('| '));
  if (first < 0) return `${page}${row}`;
  let last = first;
  while (last + 1 < lines.length && lines[last + 1].startsWith('|')) last += 1;
  lines.splice(last + 1, 0, row.replace(/\n$/, ''));
  return lines.join('\n');
}

const BENCHMARK_PAGE_HEADER = `# Benchmarks

## Import (\`npm run bench:import\`)

The script \`bench/import.ts\` generates a CSV with 1,000,000 rows and 10 columns in German
notation, the way Berlin statistics files look. The columns are a code with leading zeros (\`01100101\`), three
integer columns, two decimals with a decimal comma (\`1234,56\`), a date as \`dd.mm.yyyy\` and three
text columns with umlauts. It then measures two loads on the same PostgreSQL server:

- **psql \\copy** (the physical limit): the generator also writes the same rows pre-normalised
  to decimal points and ISO dates. That file is loaded with \`\\copy … WITH (FORMAT csv)\` into a
  table with the same column types the hub creates (\`bigint\`, \`numeric\`, \`date\`, \`text\`,
  primary key on the row number). PostgreSQL's numeric input does not accept a decimal comma, so
  this side gets the pre-normalised file and does no conversion work at all.
- **hub**: \`node bin/datahub.js serve\` as a separate process on a fresh database, and an upload of
  the German-format file through \`POST …/imports\` with \`commit=true\`, timed from the first byte
  sent until the response. This includes the upload, format detection, type inference from a
  sample, one pass that validates and converts every cell while it streams into COPY, the
  index on the row number and the switch to the new version.

Peak RSS is \`VmHWM\` from \`/proc/<pid>/status\` of the server process after the import, so it
covers the start-up as well. Rates are rows per second.

| Date | Rows | CSV size | psql \\copy (time / rows/s) | Hub (time / rows/s) | Hub / \\copy | Server peak RSS | Machine |
|---|---|---|---|---|---|---|---|
`;

await main();
