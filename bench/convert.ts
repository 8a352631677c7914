/**
 * Node-side share of the import benchmark: reads the generated German CSV, infers the schema,
 * validates and converts every row into COPY text, and discards the text. No database is used,
 * so the time is what the hub spends per row before PostgreSQL parses it.
 * Usage: node --import tsx bench/convert.ts [--rows 200000] [--dir /tmp/hub-convert]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../src/db/db.ts';
import { inferColumns } from '../src/ingest/infer.ts';
import { assignPhysicalNames, copyChunks, type LoadCounts } from '../src/ingest/loader.ts';
import { openSource } from '../src/ingest/readers/index.ts';
import type { RawRecord } from '../src/ingest/types.ts';
import { Validator } from '../src/ingest/validate.ts';
import { generateFiles } from './generate.ts';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const rows = Number(argument('--rows') ?? 200_000);
const dir = argument('--dir') ?? path.join(os.tmpdir(), `hub-convert-${rows}`);
fs.mkdirSync(dir, { recursive: true });
const german = path.join(dir, 'german.csv');
if (!fs.existsSync(german)) await generateFiles(dir, rows);

const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
const table = await openSource(german, 'german.csv', {});
const sample: RawRecord[] = [];
for await (const record of table.records()) {
  sample.push(record);
  if (sample.length >= 10_000) break;
}
const columns = assignPhysicalNames(inferColumns(table, sample));
// The benchmark file has no geometry column, so the validator never queries the database.
const validator = new Validator(null as unknown as Db, table, columns);
const counts: LoadCounts = { rowsLoaded: 0, rowsSkipped: 0, cellsNulled: 0 };
let characters = 0;
for await (const chunk of copyChunks(table.records(), validator, 'abort', counts)) characters += chunk.length;
const { report } = await validator.finish();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  `${counts.rowsLoaded} rows, ${characters} COPY characters, ${report.typeErrorCount} type errors in ${seconds.toFixed(2)} s ` +
    `= ${Math.round(counts.rowsLoaded / seconds)} rows/s; CPU ${cpuSeconds.toFixed(2)} s = ${Math.round(counts.rowsLoaded / cpuSeconds)} rows per CPU second; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
);
