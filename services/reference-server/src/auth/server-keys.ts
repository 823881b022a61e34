import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import type { CryptoKey, JWK, JWTPayload } from 'jose';
import { z } from 'zod';

/** The server signs access tokens and outbound notifications with ES384 (P-384). */
export const SERVER_ALG = 'ES384';
export const SERVER_KEY_FILE = 'server-keys.json';
/** Current key plus earlier ones, so tokens and notifications signed before a rotation still verify. */
const KEPT_KEYS = 3;

const storedKeySchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-384'),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
  kid: z.string().min(1),
  alg: z.literal(SERVER_ALG),
  createdAt: z.string(),
});
type StoredKey = z.infer<typeof storedKeySchema>;
const keyFileSchema = z.object({ keys: z.array(storedKeySchema).min(1) });

export interface PublicJwks {
  readonly keys: readonly JWK[];
}

export interface ServerKeys {
  readonly alg: typeof SERVER_ALG;
  /** `kid` of the key new tokens are signed with (RFC 7638 thumbprint). */
  readonly currentKid: string;
  /** Public halves of every kept key, for `/.well-known/jwks.json`. */
  publicJwks(): PublicJwks;
  /** The public key for a `kid`, current or earlier; undefined for a key this server does not hold. */
  verificationKey(kid: string): CryptoKey | undefined;
  /** Signs with the current key; `typ` is set by the caller (`at+jwt` for access tokens). */
  sign(payload: JWTPayload, options: { readonly typ: string }): Promise<string>;
}

export type ServerKeysResult = { ok: true; keys: ServerKeys } | { ok: false; message: string };

async function newKey(now: Date): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair(SERVER_ALG, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint({ kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y }, 'sha256');
  return storedKeySchema.parse({ ...jwk, kid, alg: SERVER_ALG, createdAt: now.toISOString() });
}

async function writeKeyFile(dir: string, keys: readonly StoredKey[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, SERVER_KEY_FILE);
  // Write beside and rename, so a crash mid-write never leaves a half file that would lose the key.
  const temp = `${file}.${randomUUID()}.tmp`;
  await writeFile(temp, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
}

async function readKeyFile(dir: string): Promise<{ ok: true; keys: StoredKey[] | undefined } | { ok: false; message: string }> {
  const file = join(dir, SERVER_KEY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { ok: true, keys: undefined };
    return { ok: false, message: `${file}: cannot read the server signing key file` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: `${file}: not valid JSON; restore it from backup, or delete it to make a new key (tokens already issued will stop verifying)` };
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    return { ok: false, message: `${file}: not a server key file (problem at "${path}"); restore it from backup, or delete it to make a new key` };
  }
  return { ok: true, keys: parsed.data.keys };
}

async function buildServerKeys(stored: readonly StoredKey[]): Promise<ServerKeys> {
  const [current] = stored;
  if (current === undefined) throw new Error('unreachable: a key file always holds a key');
  const publicKeys = new Map<string, CryptoKey>();
  const publicJwks: JWK[] = [];
  for (const key of stored) {
    const publicJwk: JWK = { kty: key.kty, crv: key.crv, x: key.x, y: key.y, kid: key.kid, alg: key.alg, use: 'sig' };
    publicKeys.set(key.kid, (await importJWK(publicJwk, SERVER_ALG)) as CryptoKey);
    publicJwks.push(publicJwk);
  }
  const privateKey = (await importJWK({ kty: current.kty, crv: current.crv, x: current.x, y: current.y, d: current.d }, SERVER_ALG)) as CryptoKey;
  return {
    alg: SERVER_ALG,
    currentKid: current.kid,
    publicJwks: () => ({ keys: publicJwks.map((jwk) => ({ ...jwk })) }),
    verificationKey: (kid) => publicKeys.get(kid),
    sign: (payload, options) => new SignJWT(payload).setProtectedHeader({ alg: SERVER_ALG, kid: current.kid, typ: options.typ }).sign(privateKey),
  };
}

/** Loads the server's signing keys from `dir`, creating a first key (file mode 0600) when there is none. */
export async function loadOrCreateServerKeys(dir: string, now: () => Date = () => new Date()): Promise<ServerKeysResult> {
  const read = await readKeyFile(dir);
  if (!read.ok) return read;
  let stored = read.keys;
  if (stored === undefined) {
    stored = [await newKey(now())];
    await writeKeyFile(dir, stored);
  }
  return { ok: true, keys: await buildServerKeys(stored) };
}

/** Makes a new current key; the previous ones stay (up to two) so what they signed still verifies. */
export async function rotateServerKey(dir: string, now: () => Date = () => new Date()): Promise<ServerKeysResult> {
  const read = await readKeyFile(dir);
  if (!read.ok) return read;
  const stored = [await newKey(now()), ...(read.keys ?? [])].slice(0, KEPT_KEYS);
  await writeKeyFile(dir, stored);
  return { ok: true, keys: await buildServerKeys(stored) };
}
