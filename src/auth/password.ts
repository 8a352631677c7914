import type { Queryable } from '../db/db.ts';
import { ApiError } from '../http/problem.ts';
import { validatePasswordLength } from './accounts.ts';
import { hashPassword } from './secrets.ts';

/** Throws a 400 problem when the new password is too short or equals the current one. */
export function validatePasswordChange(currentPassword: string, newPassword: string): void {
  validatePasswordLength(newPassword);
  if (newPassword === currentPassword) {
    throw new ApiError(400, 'password-unchanged', {
      de: 'Das neue Passwort ist dasselbe wie das bisherige. Bitte wählen Sie ein anderes Passwort.',
      en: 'The new password is the same as the current one. Choose a different password.',
    });
  }
}

/**
 * Stores an argon2id hash of the new password, clears must_change_password and deletes the user's
 * sessions except the one whose id_hash is keepSessionHash (null deletes all). Returns the number of
 * deleted sessions. Pass the transaction that also records the audit entry.
 */
export async function setPassword(db: Queryable, userId: number, newPassword: string, keepSessionHash: string | null): Promise<number> {
  const passwordHash = await hashPassword(newPassword);
  await db.query('UPDATE users SET password_hash = $1, must_change_password = false WHERE id = $2', [passwordHash, userId]);
  const { rows } = await db.query<{ id_hash: string }>(
    'DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR id_hash <> $2) RETURNING id_hash',
    [userId, keepSessionHash],
  );
  return rows.length;
}
