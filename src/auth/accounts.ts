import type { Queryable } from '../db/db.ts';
import type { Logger } from '../log.ts';
import type { Config } from '../config/config.ts';
import { ApiError } from '../http/problem.ts';
import { hashPassword, oneTimePassword } from './secrets.ts';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  createdAt: string;
}

export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._-]{1,62}$';
export const MIN_PASSWORD_LENGTH = 10;

export function validateNewAccount(username: string, password: string): void {
  if (!new RegExp(USERNAME_PATTERN).test(username)) {
    throw new ApiError(400, 'invalid-username', {
      de: `Ungültiger Benutzername „${username}“. Erlaubt sind 2 bis 63 Kleinbuchstaben, Ziffern, Punkt, Binde- und Unterstrich.`,
      en: `Invalid user name "${username}". Use 2 to 63 lower-case letters, digits, dot, hyphen and underscore.`,
    });
  }
  validatePasswordLength(password);
}

/** Throws a 400 problem when the password is shorter than MIN_PASSWORD_LENGTH characters. */
export function validatePasswordLength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ApiError(400, 'password-too-short', {
      de: `Das Passwort ist zu kurz: mindestens ${MIN_PASSWORD_LENGTH} Zeichen sind nötig.`,
      en: `The password is too short: at least ${MIN_PASSWORD_LENGTH} characters are required.`,
    });
  }
}

/** Creates a local account. Throws 409 when the user name is taken. */
export async function createUser(
  db: Queryable,
  input: { username: string; password: string; displayName?: string; isAdmin?: boolean; mustChangePassword?: boolean },
): Promise<UserRecord> {
  validateNewAccount(input.username, input.password);
  const passwordHash = await hashPassword(input.password);
  const { rows } = await db.query<{ id: number; created_at: Date }>(
    `INSERT INTO users (username, display_name, password_hash, is_admin, must_change_password) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO NOTHING RETURNING id, created_at`,
    [input.username, input.displayName ?? input.username, passwordHash, input.isAdmin ?? false, input.mustChangePassword ?? false],
  );
  if (rows.length === 0) {
    throw new ApiError(409, 'username-taken', {
      de: `Den Benutzernamen „${input.username}“ gibt es bereits. Bitte wählen Sie einen anderen.`,
      en: `The user name "${input.username}" already exists.`,
    });
  }
  return {
    id: Number(rows[0].id),
    username: input.username,
    displayName: input.displayName ?? input.username,
    isAdmin: input.isAdmin ?? false,
    createdAt: new Date(rows[0].created_at).toISOString(),
  };
}

/**
 * Creates the first platform admin when no account exists yet. The password comes from
 * DATAHUB_ADMIN_PASSWORD; without it a one-time password is printed once to the console and the
 * account is marked must_change_password until the admin sets their own password.
 */
export async function ensureFirstAdmin(db: Queryable, config: Config, log: Logger): Promise<void> {
  const { rows } = await db.query<{ count: number }>('SELECT count(*)::int AS count FROM users');
  if (rows[0].count > 0) return;
  const generated = config.adminPassword === null;
  const password = config.adminPassword ?? oneTimePassword();
  await createUser(db, {
    username: config.adminUser,
    password,
    displayName: 'Plattform-Administration',
    isAdmin: true,
    mustChangePassword: generated,
  });
  log.info({ username: config.adminUser }, 'first admin account created');
  if (generated) {
    // Written to stdout on purpose and never to the log, so it does not end up in log storage.
    process.stdout.write(
      `\nErstes Administrationskonto angelegt.\n  Benutzername: ${config.adminUser}\n  Einmal-Passwort: ${password}\n` +
        `Dieses Passwort wird nur jetzt angezeigt. Bitte ändern Sie es sofort (POST /api/v1/auth/password oder „datahub user passwd ${config.adminUser}“).\n\n`,
    );
  }
}
