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

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[verborgen]' }, base: { service: 'datahub' } });
}
