import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { config } from '../config';

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, config().BCRYPT_COST);
}

// How many passwords this process has compared (a real one or the dummy): tests read it to
// prove that throttled attempts never reach bcrypt.
let passwordChecks = 0;
export function countPasswordChecks(): number {
  return passwordChecks;
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  passwordChecks += 1;
  return bcrypt.compare(password, hash);
}

// Compared against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong
// password and response times do not reveal which accounts exist. Made at the first use, with
// the configured cost (not when the module loads, before the configuration was checked).
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  passwordChecks += 1;
  dummyHash ??= hashPassword('not-a-real-password');
  await bcrypt.compare(password, await dummyHash);
  return false;
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
