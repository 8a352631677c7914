import path from 'node:path';
import dotenv from 'dotenv';

/** Validated runtime settings. Every field is documented in docs/configuration.md. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  adminUser: string;
  adminPassword: string | null;
  publicUrl: string;
  logLevel: string;
  /** Maximum size of one uploaded file in bytes. */
  maxUploadBytes: number;
  /** Session lifetime in seconds. */
  sessionTtlSeconds: number;
  production: boolean;
}

/** A setting with an invalid value. The message is German because it reaches the operator at start. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(
      name,
      `Ungültiger Wert für ${name}: „${raw}“. Erwartet wird eine ganze Zahl von ${min} bis ${max}.`,
    );
  }
  return value;
}

function parseUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `Ungültiger Wert für ${name}: keine gültige URL. Beispiel: ${exampleFor(name)}`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      name,
      `Ungültiger Wert für ${name}: Protokoll „${url.protocol}“ wird nicht unterstützt. Erlaubt: ${protocols.join(', ')}`,
    );
  }
  return raw;
}

function exampleFor(name: string): string {
  return name === 'DATABASE_URL' ? 'postgres://datahub@127.0.0.1:5432/datahub' : 'https://daten.berlin.example';
}

/**
 * Reads the settings from the environment (and a `.env` file in the working directory) and validates them.
 * Throws ConfigError naming the first invalid setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { readDotEnv?: boolean } = {}): Config {
  if (options.readDotEnv !== false) dotenv.config({ quiet: true });

  const production = env.NODE_ENV === 'production';
  const port = parseInteger(env, 'PORT', 8080, 0, 65535);
  let host = production ? '0.0.0.0' : '127.0.0.1';
  if (env.HOST && env.HOST.trim() !== '') host = env.HOST.trim();
  const databaseUrl = parseUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const publicUrl = parseUrl(env, 'DATAHUB_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;

  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `Ungültiger Wert für LOG_LEVEL: „${env.LOG_LEVEL}“. Erlaubt: ${LOG_LEVELS.join(', ')}.`,
    );
  }

  const adminPassword = env.DATAHUB_ADMIN_PASSWORD && env.DATAHUB_ADMIN_PASSWORD !== '' ? env.DATAHUB_ADMIN_PASSWORD : null;
  if (adminPassword !== null && adminPassword.length < 10) {
    throw new ConfigError(
      'DATAHUB_ADMIN_PASSWORD',
      'DATAHUB_ADMIN_PASSWORD ist zu kurz: mindestens 10 Zeichen sind nötig.',
    );
  }

  const adminUser = (env.DATAHUB_ADMIN_USER ?? 'admin').trim();
  if (!/^[a-z0-9][a-z0-9._-]{1,62}$/i.test(adminUser)) {
    throw new ConfigError(
      'DATAHUB_ADMIN_USER',
      `Ungültiger Wert für DATAHUB_ADMIN_USER: „${adminUser}“. Erlaubt sind 2 bis 63 Buchstaben, Ziffern, Punkt, Binde- und Unterstrich.`,
    );
  }

  return {
    port,
    host,
    databaseUrl,
    dataDir: path.resolve(env.DATAHUB_DATA_DIR && env.DATAHUB_DATA_DIR !== '' ? env.DATAHUB_DATA_DIR : './data'),
    adminUser,
    adminPassword,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    logLevel,
    maxUploadBytes: parseInteger(env, 'DATAHUB_MAX_UPLOAD_MB', 2048, 1, 1024 * 1024) * 1024 * 1024,
    sessionTtlSeconds: parseInteger(env, 'DATAHUB_SESSION_HOURS', 12, 1, 24 * 90) * 3600,
    production,
  };
}
