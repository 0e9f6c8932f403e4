import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Password hashing with scrypt at the OWASP-recommended cost (N=2^17, r=8, p=1). The parameters
 * are stored with each hash, so raising the cost later keeps old hashes verifiable. scrypt runs
 * on libuv's thread pool, so hashing does not block the event loop.
 */
const COST = { N: 2 ** 17, r: 8, p: 1 };
const KEY_LENGTH = 64;
// 128 * N * r bytes are needed; Node's default maxmem (32 MiB) is below that for N=2^17.
const MAX_MEM = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, length, { ...options, maxmem: MAX_MEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password into `scrypt$N=..,r=..,p=..$salt$hash` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST, KEY_LENGTH);
  return `scrypt$N=${COST.N},r=${COST.r},p=${COST.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/** Verifies a password against a stored hash in constant time; false for malformed hashes. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== "scrypt") return false;
  const params = Object.fromEntries((parts[1] ?? "").split(",").map((kv) => kv.split("=")));
  const N = Number(params.N);
  const r = Number(params.r);
  const p = Number(params.p);
  if (!Number.isInteger(N) || !Number.isInteger(r) || !Number.isInteger(p)) return false;
  const salt = Buffer.from(parts[2] ?? "", "base64url");
  const expected = Buffer.from(parts[3] ?? "", "base64url");
  if (expected.length === 0) return false;
  const actual = await derive(password, salt, { N, r, p }, expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified against when the email is unknown, so that a login
 * for a missing account takes as long as one with a wrong password.
 */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return decoyHash;
}

/** A random password for the first admin when none is configured. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** Letters and digits that cannot be confused when read aloud or copied by hand (no i, l, o, 0, 1). */
const READABLE = "abcdefghjkmnpqrstuvwxyz23456789";

/**
 * A one-time password an administrator hands over after a reset: four groups of four characters
 * from {@link READABLE} (e.g. `k7mp-x3qa-9dfh-tw2e`), 19 characters and about 79 random bits from
 * the system's CSPRNG. The person must replace it at their next sign-in.
 */
export function generateTemporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => READABLE[randomInt(READABLE.length)]).join(""));
  return groups.join("-");
}
