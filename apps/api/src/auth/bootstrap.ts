import { passwordSchema, usernameSchema } from '@labforge/contracts';
import type { UserStore } from '../db/users.js';
import { hashPassword } from './password.js';

/**
 * Creates the first admin from LABFORGE_ADMIN_USERNAME / LABFORGE_ADMIN_PASSWORD when that user
 * does not exist yet. Returns whether it created one. Never overwrites an existing account.
 */
export async function ensureAdmin(
  users: UserStore,
  username: string | undefined,
  password: string | undefined,
  log2n: number,
): Promise<boolean> {
  if (!username || !password) return false;
  const name = usernameSchema.safeParse(username);
  const pass = passwordSchema.safeParse(password);
  if (!name.success) throw new Error(`LABFORGE_ADMIN_USERNAME: ${name.error.issues[0]?.message}`);
  if (!pass.success) throw new Error(`LABFORGE_ADMIN_PASSWORD: ${pass.error.issues[0]?.message}`);
  if (users.byUsername(username)) return false;
  users.create({ username, role: 'admin', passwordHash: await hashPassword(password, log2n) });
  return true;
}
