import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../types.ts';
import { CsvSyntaxError, DelimitedTextTokenizer } from './csv-tokenizer.ts';

type Outcome = { records: RawRecord[]; error: { code: string; message: string; lines: number } | null };

/** Reads `text` the way the CSV reader read it before the tokenizer: csv-parse with `info` line numbers. */
function withCsvParse(text: string, delimiter: string, fromLine: number, maxRecordSize: number): Outcome {
  const records: RawRecord[] = [];
  try {
    const rows = parse(text, {
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_quotes: true,
      relax_column_count: false,
      max_record_size: maxRecordSize,
      from_line: fromLine,
    }) as unknown as { record: string[]; info: { lines: number; empty_lines: number } }[];
    let previousEndLine = fromLine - 1;
    let previousEmptyLines = 0;
    for (const { record, info } of rows) {
      records.push({ line: previousEndLine + 1 + (info.empty_lines - previousEmptyLines), values: record });
      previousEndLine = info.lines;
      previousEmptyLines = info.empty_lines;
    }
    return { records, error: null };
  } catch (error) {
    const csvError = error as Error & { code: string; lines: number };
    return { records: [], error: { code: csvError.code, message: csvError.message, lines: csvError.lines } };
  }
}

/** Feeds `text` to the tokenizer in chunks of `chunkSize` characters. */
function withTokenizer(text: string, delimiter: string, fromLine: number, maxRecordSize: number, chunkSize: number): Outcome {
  const tokenizer = new DelimitedTextTokenizer({ delimiter, fromLine, maxRecordSize });
  const records: RawRecord[] = [];
  try {
    for (let start = 0; start < text.length; start += chunkSize) tokenizer.push(text.slice(start, start + chunkSize), records);
    tokenizer.end(records);
    return { records, error: null };
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return { records: [], error: { code: error.code, message: error.message, lines: error.lines } };
  }
}

function createRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Pieces that exercise quoting, line breaks of all three kinds, empty lines and multi-byte text. */
const PIECES = ['a', 'Köpenick', '12,5', '"', '""', '"x"', ';', ';', ',', '\n', '\n', '\r\n', '\r', ' ', '', '–', '😀', '\0'];

function randomText(random: () => number, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

describe('DelimitedTextTokenizer', () => {
  it('splits quoted fields with delimiters, quotes and line breaks', () => {
    const text = 'Name;Wert\n"Müller; Schulze";"12"\n"a ""b""\nc";x\n';
    expect(withTokenizer(text, ';', 1, 1000, 4).records).toEqual([
      { line: 1, values: ['Name', 'Wert'] },
      { line: 2, values: ['Müller; Schulze', '12'] },
      { line: 3, values: ['a "b"\nc', 'x'] },
    ]);
  });

  it('keeps stray quotes as text like relax_quotes', () => {
    expect(withTokenizer('a;b\n12" Rohr;"x"y\n', ';', 1, 1000, 100).records[1].values).toEqual(['12" Rohr', '"x"y']);
  });

  it('reports a missing closing quote with the line csv-parse reports', () => {
    expect(withTokenizer('a;b\n1;"x\n2;y\n', ';', 1, 1000, 100).error).toEqual({
      code: 'CSV_QUOTE_NOT_CLOSED',
      message: 'Quote Not Closed: the parsing is finished with an opening quote at line 3',
      lines: 3,
    });
    expect(withCsvParse('a;b\n1;"x\n2;y\n', ';', 1, 1000).error?.lines).toBe(3);
  });

  it('reports a record longer than the limit', () => {
    expect(withTokenizer('a;b\n1;2\n"xxxxxxxxxxxxxxxxxxxx\n', ';', 1, 10, 100).error).toEqual(withCsvParse('a;b\n1;2\n"xxxxxxxxxxxxxxxxxxxx\n', ';', 1, 10).error);
  });

  it.each([
    ['LF', 'a;b\n\n1;"x\ny"\n\n\n2;z\n'],
    ['CRLF with quoted CRLF', 'a;b\r\n1;"x\r\ny"\r\n\r\n2;z'],
    ['CR', 'a;b\r1;2\r\r3;4'],
    ['LF with stray CR', 'a;b\n1\r;2\n3;4\r\n'],
    ['header row 3 after empty lines', '\n\nTitel\n\na;b\n1;2\n'],
  ])('matches csv-parse on %s', (_name, text) => {
    for (const fromLine of [1, 3]) {
      expect(withTokenizer(text, ';', fromLine, 1000, 3)).toEqual(withCsvParse(text, ';', fromLine, 1000));
    }
  });

  it('matches csv-parse on 3,000 generated inputs in any chunking', () => {
    const random = createRandom(42);
    for (let run = 0; run < 3000; run++) {
      const text = randomText(random, 1 + Math.floor(random() * 40));
      const delimiter = random() < 0.5 ? ';' : ',';
      const fromLine = random() < 0.8 ? 1 : 2 + Math.floor(random() * 3);
      const maxRecordSize = random() < 0.9 ? 1000 : 8;
      const expected = withCsvParse(text, delimiter, fromLine, maxRecordSize);
      for (const chunkSize of [1, 2, 7, 1000]) {
        const actual = withTokenizer(text, delimiter, fromLine, maxRecordSize, chunkSize);
        expect({ text, chunkSize, ...actual }).toEqual({ text, chunkSize, ...expected });
      }
    }
  });
});
