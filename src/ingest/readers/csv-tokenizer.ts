/**
 * Tokenizer for delimited text that works on decoded string chunks. It returns what csv-parse 7
 * returns with the options the hub used before (`quote: '"'`, `relax_quotes`, `skip_empty_lines`, a
 * fixed field count, `max_record_size`, `from_line`), with the same line counts and error messages.
 * Unlike csv-parse it creates no per-record info object and does not encode the text back to bytes.
 * The test compares both on generated input.
 */
import type { RawRecord } from '../types.ts';

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** A record csv-parse would reject, with the csv-parse error code and message. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly code: 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' | 'CSV_MAX_RECORD_SIZE' | 'CSV_QUOTE_NOT_CLOSED',
    message: string,
    /** Line counter of csv-parse when the error was found. */
    readonly lines: number,
    readonly record?: string[],
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface TokenizerOptions {
  /** A single character. */
  delimiter: string;
  /** Physical line where records start. Lines above it are parsed for quotes but not returned. */
  fromLine: number;
  /** Maximum record size, counted as csv-parse counts: characters of the finished fields plus UTF-8 bytes of the current field. */
  maxRecordSize: number;
}

/** Returns the UTF-8 byte count of one UTF-16 code unit, 2 for each half of a surrogate pair. */
function utf8Width(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)) return 2;
  return 3;
}

/**
 * Splits text chunks into records. Call push() for each chunk and end() once at the end. The line
 * of each record is where it starts, counted as csv-parse counts: every CR and every LF is a line,
 * except the LF of a CRLF record delimiter.
 */
export class DelimitedTextTokenizer {
  private readonly delimiter: number;
  private readonly fromLine: number;
  private readonly maxRecordSize: number;
  /** '' until the first CR or LF outside quotes decides between CRLF, LF and CR. */
  private recordDelimiter = '';
  private line = 1;
  private quoting = false;
  private wasQuoting = false;
  private enabled: boolean;
  /** Finished parts of the current field. The rest is still a range of the current chunk. */
  private field = '';
  private fieldBytes = 0;
  private record: string[] = [];
  private recordChars = 0;
  private expectedLength = -1;
  private emptyLines = 0;
  private emittedEnd: number;
  private emittedEmptyLines = 0;
  private lastWasLineBreak = false;
  /** Unprocessed tail of the previous chunk, kept for the two characters of lookahead. */
  private carry = '';

  constructor(options: TokenizerOptions) {
    if (options.delimiter.length !== 1) throw new Error(`delimiter must be one character, got ${JSON.stringify(options.delimiter)}`);
    this.delimiter = options.delimiter.charCodeAt(0);
    this.fromLine = options.fromLine;
    this.maxRecordSize = options.maxRecordSize;
    this.enabled = options.fromLine <= 1;
    this.emittedEnd = options.fromLine - 1;
  }

  /** Parses a chunk and appends the finished records to `out`. Throws CsvSyntaxError. */
  push(chunk: string, out: RawRecord[]): void {
    this.parse(this.carry + chunk, false, out);
  }

  /** Parses the rest and appends the last record to `out`. Throws CsvSyntaxError. */
  end(out: RawRecord[]): void {
    const text = this.carry;
    this.carry = '';
    this.parse(text, true, out);
    if (this.quoting) {
      throw new CsvSyntaxError(
        'CSV_QUOTE_NOT_CLOSED',
        `Quote Not Closed: the parsing is finished with an opening quote at line ${this.lazyLine()}`,
        this.lazyLine(),
      );
    }
    if (this.wasQuoting || this.record.length > 0 || this.field.length > 0) {
      this.finishField(this.field);
      this.finishRecord(this.lazyLine(), out);
    }
  }

  /** csv-parse counts a line break when it reads the next character, so a final break is not counted yet. */
  private lazyLine(): number {
    return this.lastWasLineBreak ? this.line - 1 : this.line;
  }

  private parse(text: string, final: boolean, out: RawRecord[]): void {
    const length = text.length;
    const stop = final ? length : length - 2;
    const delimiter = this.delimiter;
    let segmentStart = 0;
    let pos = 0;
    for (; pos < stop; pos++) {
      if (!this.quoting) {
        pos = this.skipOrdinary(text, pos, stop);
        if (pos >= stop) break;
      }
      const code = text.charCodeAt(pos);
      this.lastWasLineBreak = false;
      if (code === QUOTE) {
        if (this.quoting) {
          const next = text.charCodeAt(pos + 1);
          if (next === QUOTE) {
            // An escaped quote: keep one quote character as content.
            this.checkRecordSize(1);
            this.fieldBytes += 1;
            this.field += text.slice(segmentStart, pos + 1);
            pos += 1;
            segmentStart = pos + 1;
            continue;
          }
          // NaN (end of input) and NUL both close the quote in csv-parse.
          if (!(next > 0) || next === delimiter || this.isRecordDelimiterAfterQuote(text, pos + 1)) {
            this.quoting = false;
            this.wasQuoting = true;
            this.field += text.slice(segmentStart, pos);
            segmentStart = pos + 1;
            continue;
          }
          // relax_quotes: a quote followed by other text ends quoting and both quotes become content.
          this.quoting = false;
          this.wasQuoting = true;
          this.field = `"${this.field}${text.slice(segmentStart, pos)}`;
          this.fieldBytes += 1;
          segmentStart = pos;
        } else if (this.field.length === 0 && pos === segmentStart) {
          this.quoting = true;
          segmentStart = pos + 1;
          continue;
        }
        // Otherwise (relax_quotes) a quote inside an unquoted field is ordinary content.
      } else if (!this.quoting) {
        if (code === delimiter) {
          this.finishField(this.field.length === 0 ? text.slice(segmentStart, pos) : this.field + text.slice(segmentStart, pos));
          segmentStart = pos + 1;
          continue;
        }
        if (code === CR || code === LF) {
          if (this.recordDelimiter === '') this.recordDelimiter = code === LF ? '\n' : text.charCodeAt(pos + 1) === LF ? '\r\n' : '\r';
          const delimiterLength = this.recordDelimiterLength(text, pos, code);
          if (delimiterLength > 0) {
            this.endLine(this.field.length === 0 ? text.slice(segmentStart, pos) : this.field + text.slice(segmentStart, pos), out);
            this.line += 1;
            this.lastWasLineBreak = true;
            pos += delimiterLength - 1;
            segmentStart = pos + 1;
            continue;
          }
        }
      }
      // An ordinary character of the current field.
      const width = code < 0x80 ? 1 : utf8Width(code);
      if (this.recordChars + this.fieldBytes + width > this.maxRecordSize) this.checkRecordSize(width);
      this.fieldBytes += width;
      if (code === CR || code === LF) {
        this.line += 1;
        this.lastWasLineBreak = true;
      }
    }
    if (segmentStart < pos) this.field += text.slice(segmentStart, pos);
    this.carry = pos < length ? text.slice(pos) : '';
  }

  /**
   * Skips the ordinary characters of an unquoted field from `pos` and returns the position of the
   * next character that needs the full state machine: a delimiter, CR, LF, quote, or a character
   * that reaches the record size limit.
   */
  private skipOrdinary(text: string, pos: number, stop: number): number {
    const delimiter = this.delimiter;
    const limit = this.maxRecordSize - this.recordChars;
    let bytes = this.fieldBytes;
    let scan = pos;
    while (scan < stop) {
      const code = text.charCodeAt(scan);
      if (code === delimiter || code === CR || code === LF || code === QUOTE) break;
      const width = code < 0x80 ? 1 : utf8Width(code);
      if (bytes + width > limit) break;
      bytes += width;
      scan++;
    }
    if (scan > pos) {
      this.fieldBytes = bytes;
      this.lastWasLineBreak = false;
    }
    return scan;
  }

  private recordDelimiterLength(text: string, pos: number, code: number): number {
    const expected = this.recordDelimiter;
    if (expected === '\n') return code === LF ? 1 : 0;
    if (expected === '\r') return code === CR ? 1 : 0;
    return code === CR && text.charCodeAt(pos + 1) === LF ? 2 : 0;
  }

  /** After a closing quote csv-parse also discovers the record delimiter when it is still unknown. */
  private isRecordDelimiterAfterQuote(text: string, pos: number): boolean {
    const code = text.charCodeAt(pos);
    if (this.recordDelimiter === '') {
      if (code !== CR && code !== LF) return false;
      this.recordDelimiter = code === LF ? '\n' : text.charCodeAt(pos + 1) === LF ? '\r\n' : '\r';
      return true;
    }
    return this.recordDelimiterLength(text, pos, code) > 0;
  }

  /** csv-parse checks before each byte it appends, so a character fails when its last byte would start beyond the limit. */
  private checkRecordSize(width: number): void {
    if (this.recordChars + this.fieldBytes + width - 1 <= this.maxRecordSize) return;
    throw new CsvSyntaxError(
      'CSV_MAX_RECORD_SIZE',
      `Max Record Size: record exceed the maximum number of tolerated bytes of ${this.maxRecordSize} at line ${this.line}`,
      this.line,
    );
  }

  private finishField(value: string): void {
    if (this.enabled) {
      this.record.push(value);
      this.recordChars += value.length;
    }
    this.field = '';
    this.fieldBytes = 0;
    this.wasQuoting = false;
  }

  /** Handles a record delimiter outside quotes; `value` is the last field of the line. */
  private endLine(value: string, out: RawRecord[]): void {
    if (!this.enabled && this.line + 1 >= this.fromLine) {
      this.enabled = true;
      this.resetRecord();
      return;
    }
    if (!this.wasQuoting && this.record.length === 0 && value.length === 0) {
      this.emptyLines += 1;
      this.field = '';
      this.fieldBytes = 0;
      return;
    }
    this.finishField(value);
    this.finishRecord(this.line, out);
  }

  private finishRecord(endLine: number, out: RawRecord[]): void {
    if (!this.enabled) {
      this.resetRecord();
      return;
    }
    const record = this.record;
    if (this.expectedLength < 0) this.expectedLength = record.length;
    if (record.length !== this.expectedLength) {
      throw new CsvSyntaxError(
        'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH',
        `Invalid Record Length: expect ${this.expectedLength}, got ${record.length} on line ${endLine}`,
        endLine,
        record,
      );
    }
    out.push({ line: this.emittedEnd + 1 + (this.emptyLines - this.emittedEmptyLines), values: record });
    this.emittedEnd = endLine;
    this.emittedEmptyLines = this.emptyLines;
    this.resetRecord();
  }

  private resetRecord(): void {
    this.record = [];
    this.recordChars = 0;
    this.field = '';
    this.fieldBytes = 0;
    this.wasQuoting = false;
  }
}
