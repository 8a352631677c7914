import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { ApiClient, ApiResponse } from './import-client.ts';

/** Redraws the bar at most this often, in milliseconds. */
const REDRAW_MS = 200;

/** Shows upload progress: a redrawn bar on a terminal, one line per 25 % otherwise. */
function createProgress(total: number) {
  const started = Date.now();
  const tty = Boolean(process.stderr.isTTY);
  let lastDraw = 0;
  let lastQuarter = -1;
  const mb = (bytes: number) => (bytes / 1024 / 1024).toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  return {
    update(sent: number, final = false) {
      const now = Date.now();
      const percent = total === 0 ? 100 : Math.floor((sent / total) * 100);
      const seconds = Math.max((now - started) / 1000, 0.001);
      const rate = `${mb(sent / seconds)} MB/s`;
      if (tty) {
        if (!final && now - lastDraw < REDRAW_MS) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round((percent / 100) * width);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)} % ${mb(sent)} / ${mb(total)} MB ${rate}   `);
        if (final) process.stderr.write('\n');
        return;
      }
      const quarter = Math.floor(percent / 25);
      if (quarter === lastQuarter && !final) return;
      if (final && lastQuarter === 4) return;
      lastQuarter = quarter;
      process.stderr.write(`Hochgeladen: ${percent} % (${mb(sent)} von ${mb(total)} MB, ${rate})\n`);
    },
  };
}

function escapeQuoted(value: string): string {
  return value.replace(/[\r\n"]/g, (char) => encodeURIComponent(char));
}

/**
 * Uploads the file as multipart/form-data without reading it into memory: the fields come first,
 * then the file streams from disk. The body length is known up front, so the request carries a
 * Content-Length and the progress shows real percentages.
 */
export async function streamUpload(
  client: ApiClient,
  path: string,
  file: string,
  fileName: string,
  size: number,
  fields: Record<string, string>,
): Promise<ApiResponse> {
  const boundary = `datahub-${randomUUID()}`;
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${escapeQuoted(fileName)}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const headBytes = Buffer.from(head, 'utf8');
  const tailBytes = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');

  const progress = createProgress(size);
  let sent = 0;
  const reader = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  const iterator = reader[Symbol.asyncIterator]();
  let stage: 'head' | 'file' | 'tail' | 'done' = 'head';
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === 'head') {
        stage = 'file';
        controller.enqueue(headBytes);
        return;
      }
      if (stage === 'file') {
        const next = await iterator.next();
        if (!next.done) {
          const chunk = next.value as Buffer;
          sent += chunk.length;
          progress.update(sent);
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          return;
        }
        stage = 'tail';
        progress.update(sent, true);
        process.stderr.write('Datei übertragen; der Server prüft und lädt die Daten …\n');
      }
      if (stage === 'tail') {
        stage = 'done';
        controller.enqueue(tailBytes);
        return;
      }
      controller.close();
    },
    cancel() {
      reader.destroy();
    },
  });

  return client.send('POST', path, {
    body,
    duplex: 'half',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(headBytes.length + size + tailBytes.length),
    },
  });
}
