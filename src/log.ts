import pino, { type Logger } from 'pino';

export type { Logger };

/** Field paths that may carry secrets; pino replaces their values before anything is written. */
const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

/**
 * Creates the JSON logger on standard output. It writes through process.stdout rather than
 * pino's own file destination, because that destination retries a blocked or closed pipe in
 * a busy loop, which froze the server on Ctrl-C when its output was piped into `tee`.
 */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[verborgen]' }, base: { service: 'datahub' } }, process.stdout);
}
