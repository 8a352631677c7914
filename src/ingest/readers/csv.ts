/**
 * Streaming reader for delimited text (CSV, TSV, TXT): file stream → iconv-lite decoding → tokenizer
 * (csv-parse for delimiters the tokenizer does not handle).
 * Encoding and delimiter are detected from a sample at the start of the file.
 */
import fs from 'node:fs';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { readHead } from '../detect.ts';
import { SourceFormatError, type RawRecord, type ReadOptions, type SourceTable } from '../types.ts';
import { CsvSyntaxError, DelimitedTextTokenizer } from './csv-tokenizer.ts';
import { uniqueHeaders } from './headers.ts';

/** Size of the sample used to detect encoding and delimiter. */
const SAMPLE_BYTES = 1024 * 1024;
/** A file without a line break in this many bytes is no table (for example a minified JSON or binary dump). */
const MAX_FIRST_LINE_BYTES = 64 * 1024;
/** Maximum record length in characters (UTF-8 bytes in the current field). A longer record usually means a missing closing quote. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

const DELIMITERS = [',', ';', '\t', '|'] as const;

export async function openCsv(filePath: string, originalName: string, options: ReadOptions): Promise<SourceTable> {
  const size = fs.statSync(filePath).size;
  const sample = await readHead(filePath, SAMPLE_BYTES);
  const sampleIsWholeFile = sample.length === size;

  const hasBom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const encoding = chooseEncoding(sample, hasBom, sampleIsWholeFile, options.encoding);
  const text = iconv.decode(sample, encoding, { stripBOM: true });

  const firstBreak = text.search(/[\r\n]/);
  if (firstBreak > MAX_FIRST_LINE_BYTES || (firstBreak < 0 && size > MAX_FIRST_LINE_BYTES)) {
    throw noLineBreakError(originalName, MAX_FIRST_LINE_BYTES);
  }

  // Lines above a header row chosen by the user (titles, notes) take no part in detection or parsing.
  const fromLine = Math.max(1, Math.floor(options.headerRow ?? 1));
  const tableText = fromLine > 1 ? text.split(/\r?\n|\r/).slice(fromLine - 1).join('\n') : text;
  const preferred = /\.tsv$/i.test(originalName) ? '\t' : undefined;
  const delimiter = options.delimiter ?? detectDelimiter(tableText, sampleIsWholeFile, preferred);
  const detection = { format: 'csv' as const, encoding, delimiter, quote: '"', hasBom, ...(fromLine > 1 ? { headerRow: fromLine } : {}) };
  const read = (skipHeader: boolean) => readRecords(filePath, originalName, encoding, delimiter, fromLine, skipHeader);

  const source: Omit<SourceTable, 'headers'> & { headers: string[] } = {
    detection,
    headers: [],
    geometryIndex: null,
    warnings: [],
    records: () => read(false),
  };

  const header = await readHeaderRecord(source.records());
  if (!header) {
    throw new SourceFormatError(
      'empty_file',
      `Die Datei „${originalName}“ enthält keine Kopfzeile. Bitte laden Sie eine Datei mit Kopfzeile und Daten hoch.`,
      `The file "${originalName}" contains no header row. Upload a file with a header row and data.`,
    );
  }
  const { headers, warnings } = uniqueHeaders(header.values.map((value) => String(value ?? '')));
  source.headers = headers;
  source.warnings.push(...warnings);
  return { ...source, records: () => read(true) };
}

async function readHeaderRecord(records: AsyncIterable<RawRecord>): Promise<RawRecord | null> {
  for await (const record of records) return record;
  return null;
}

/**
 * Uses the option when given, UTF-8 when the sample is valid UTF-8 (a multi-byte character cut at
 * the end of the sample is allowed), and Windows-1252 otherwise, which covers ISO-8859-1 files.
 */
function chooseEncoding(sample: Buffer, hasBom: boolean, sampleIsWholeFile: boolean, requested?: string): string {
  if (requested) {
    if (!iconv.encodingExists(requested)) {
      throw new SourceFormatError(
        'unknown_encoding',
        `Die Zeichenkodierung „${requested}“ ist unbekannt. Bitte wählen Sie z. B. UTF-8 oder Windows-1252.`,
        `The encoding "${requested}" is unknown. Choose for example UTF-8 or Windows-1252.`,
        { encoding: requested },
      );
    }
    return requested.toLowerCase();
  }
  if (hasBom) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  return isValidUtf8(sample, !sampleIsWholeFile) ? 'utf-8' : 'windows-1252';
}

function isValidUtf8(bytes: Buffer, mayBeCut: boolean): boolean {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes, { stream: mayBeCut });
    return true;
  } catch {
    return false;
  }
}

/**
 * Picks the delimiter whose quote-aware field count is the same on most sample lines. Ties go to
 * more fields and then to the preferred delimiter (tab for .tsv files). A delimiter that never
 * splits a line does not count.
 */
export function detectDelimiter(text: string, sampleIsWholeFile: boolean, preferred?: string): string {
  const lines = splitSampleRecords(text, sampleIsWholeFile).slice(0, 200);
  const candidates = preferred ? [preferred, ...DELIMITERS.filter((delimiter) => delimiter !== preferred)] : DELIMITERS;
  let best: { delimiter: string; score: number; fields: number } = { delimiter: ',', score: -1, fields: 1 };
  for (const delimiter of candidates) {
    const counts = lines.map((line) => countFields(line, delimiter));
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let modeFields = 1;
    let modeCount = 0;
    for (const [fields, count] of frequency) {
      if (count > modeCount || (count === modeCount && fields > modeFields)) {
        modeFields = fields;
        modeCount = count;
      }
    }
    if (modeFields < 2) continue;
    const headerMatches = counts[0] === modeFields ? 1 : 0;
    const score = modeCount / lines.length + headerMatches * 0.01;
    if (score > best.score || (score === best.score && modeFields > best.fields)) {
      best = { delimiter, score, fields: modeFields };
    }
  }
  return best.delimiter;
}

/** Splits the sample into records at line breaks outside quotes and drops empty and cut-off lines. */
function splitSampleRecords(text: string, sampleIsWholeFile: boolean): string[] {
  const records: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') inQuotes = !inQuotes;
    else if ((char === '\n' || char === '\r') && !inQuotes) {
      records.push(text.slice(start, index));
      start = index + 1;
    }
  }
  if (sampleIsWholeFile) records.push(text.slice(start));
  return records.filter((line) => line.trim() !== '');
}

function countFields(line: string, delimiter: string): number {
  let fields = 1;
  let inQuotes = false;
  for (const char of line) {
    if (char === '"') inQuotes = !inQuotes;
    else if (char === delimiter && !inQuotes) fields += 1;
  }
  return fields;
}

/** Decoded text per read; small enough that field strings sliced from a chunk keep little memory alive. */
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * Streams all non-empty records, with the header row unless `skipHeader` is set. RawRecord.line is
 * the physical line where the record starts, counted from 1, so quoted line breaks and skipped
 * empty lines keep the numbers users see in an editor.
 */
function readRecords(
  filePath: string,
  originalName: string,
  encoding: string,
  delimiter: string,
  fromLine: number,
  skipHeader: boolean,
): AsyncIterable<RawRecord> {
  if (fitsTokenizer(delimiter)) return tokenizeRecords(filePath, originalName, encoding, delimiter, fromLine, skipHeader);
  return withReaderErrors(parseRecords(filePath, encoding, delimiter, fromLine), originalName, skipHeader);
}

/** Returns true for delimiters the tokenizer handles (one character). csv-parse reads the rest, such as multi-character ones. */
function fitsTokenizer(delimiter: string): boolean {
  return delimiter.length === 1 && delimiter !== '"' && delimiter !== '\r' && delimiter !== '\n';
}

/** iconv-lite's decode stream emits strings. */
function decodedChunks(filePath: string, encoding: string): { input: fs.ReadStream; text: NodeJS.ReadWriteStream } {
  const input = fs.createReadStream(filePath, { highWaterMark: READ_CHUNK_BYTES });
  return { input, text: input.pipe(iconv.decodeStream(encoding, { stripBOM: true })) };
}

/** Streams records through the tokenizer, with one generator between the file stream and the consumer. */
async function* tokenizeRecords(
  filePath: string,
  originalName: string,
  encoding: string,
  delimiter: string,
  fromLine: number,
  skipHeader: boolean,
): AsyncGenerator<RawRecord> {
  const tokenizer = new DelimitedTextTokenizer({ delimiter, fromLine, maxRecordSize: MAX_RECORD_CHARS });
  const { input, text } = decodedChunks(filePath, encoding);
  const batch: RawRecord[] = [];
  let skip = skipHeader ? 1 : 0;
  try {
    let done = false;
    const chunks = text[Symbol.asyncIterator]();
    while (!done) {
      try {
        const next = await chunks.next();
        if (next.done) {
          done = true;
          tokenizer.end(batch);
        } else {
          tokenizer.push(next.value as string, batch);
        }
      } catch (error) {
        throw toSourceFormatError(error, originalName);
      }
      for (let i = skip; i < batch.length; i++) yield batch[i];
      if (batch.length > 0) skip = 0;
      batch.length = 0;
    }
  } finally {
    input.destroy();
  }
}

async function* parseRecords(filePath: string, encoding: string, delimiter: string, fromLine: number): AsyncGenerator<RawRecord> {
  const { input, text } = decodedChunks(filePath, encoding);
  const parser = text.pipe(
    parse({
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_quotes: true,
      relax_column_count: false,
      max_record_size: MAX_RECORD_CHARS,
      from_line: fromLine,
    }),
  );

  let previousEndLine = fromLine - 1;
  let previousEmptyLines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      const line = previousEndLine + 1 + (info.empty_lines - previousEmptyLines);
      previousEndLine = info.lines;
      previousEmptyLines = info.empty_lines;
      yield { line, values: record };
    }
  } finally {
    input.destroy();
  }
}

async function* withReaderErrors(records: AsyncIterable<RawRecord>, originalName: string, skipHeader: boolean): AsyncGenerator<RawRecord> {
  try {
    let first = true;
    for await (const record of records) {
      if (first && skipHeader) {
        first = false;
        continue;
      }
      yield record;
    }
  } catch (error) {
    throw toSourceFormatError(error, originalName);
  }
}

function toSourceFormatError(error: unknown, originalName: string): unknown {
  if (!(error instanceof CsvError) && !(error instanceof CsvSyntaxError)) return error;
  const context = error as Error & { code: string; lines?: number; record?: string[] };
  const line = context.lines ?? 0;
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' || error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
    const expected = /expect (\d+)/.exec(error.message)?.[1];
    const found = context.record?.length ?? /got (\d+)/.exec(error.message)?.[1];
    return new SourceFormatError(
      'inconsistent_columns',
      `Zeile ${line.toLocaleString('de-DE')} in „${originalName}“ hat ${found} Felder, erwartet werden ${expected} wie in der Kopfzeile. Bitte prüfen Sie Trennzeichen und Anführungszeichen in dieser Zeile.`,
      `Line ${line} of "${originalName}" has ${found} fields, but the header has ${expected}. Check the delimiters and quotes on that line.`,
      { line, expected: Number(expected), found: Number(found) },
    );
  }
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return new SourceFormatError(
      'record_too_large',
      `Ab Zeile ${line.toLocaleString('de-DE')} in „${originalName}“ ist ein Datensatz länger als ${(MAX_RECORD_CHARS / 1024 / 1024).toLocaleString('de-DE')} MiB. Meist fehlt ein schließendes Anführungszeichen; bitte prüfen Sie diese Zeile.`,
      `From line ${line} of "${originalName}" a record is longer than ${MAX_RECORD_CHARS / 1024 / 1024} MiB. Usually a closing quote is missing; check that line.`,
      { line },
    );
  }
  return new SourceFormatError(
    'invalid_csv',
    `„${originalName}“ ist ab Zeile ${line.toLocaleString('de-DE')} keine gültige CSV-Datei (${error.message}). Bitte prüfen Sie Anführungszeichen und Trennzeichen.`,
    `"${originalName}" is not valid CSV from line ${line} (${error.message}). Check quotes and delimiters.`,
    { line, csvCode: error.code },
  );
}

function noLineBreakError(originalName: string, bytes: number): SourceFormatError {
  const kib = (bytes / 1024).toLocaleString('de-DE');
  return new SourceFormatError(
    'no_line_break',
    `Die ersten ${kib} KiB von „${originalName}“ enthalten keinen Zeilenumbruch. Das ist keine Tabelle im CSV-Format; bitte prüfen Sie Format und Datei.`,
    `The first ${bytes / 1024} KiB of "${originalName}" contain no line break. This is not a CSV table; check the format and the file.`,
    { bytes },
  );
}
