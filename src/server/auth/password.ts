/**
 * Password hashing: argon2id with its parameters written down (OWASP's minimum: 19 MiB, 2 passes,
 * 1 lane), so a library default changing never silently weakens stored hashes.
 */
import { Algorithm, hash, verify } from '@node-rs/argon2';

export const ARGON2_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

/** False for a wrong password and for a malformed hash alike. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/** Spend the time of a real check when the user does not exist, so timing does not reveal user names. */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword('logtrack-no-such-user');
  await verifyPassword(await dummy, password);
  return false;
}
