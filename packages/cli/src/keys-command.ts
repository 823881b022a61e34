import { constants } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { exitCode, type CliIo } from './cli-io.js';
import { CLIENT_ALGORITHMS, isClientAlgorithm, publicPart, type ClientAlgorithm } from './client-jwk.js';
import { parseOptions } from './parse-options.js';

export const keysHelp = `Usage: raflag keys generate [--alg RS384|ES384|RS512] [--kid K] [--out DIR]

Generates a key pair for a system that calls the reference server with SMART Backend
Services (a signed client assertion), and the JWKS to register for it.

Writes two files to DIR (default: the current folder):
  <kid>.private.json  the private JWK, readable only by you (mode 0600); keep it
                      secret and never register it
  <kid>.jwks.json     the public JWKS, { "keys": [ { kty, kid, alg, use: "sig", ... } ] }:
                      paste it as the client's "jwks" in clients.json, or publish it at
                      the client's jwksUri
and prints the JWKS on standard output. Existing files are never overwritten.

Options:
  --alg ALG    RS384, ES384 (the default) or RS512. RSA keys are 2048 bits.
  --kid K      The key id; by default the key's SHA-256 JWK thumbprint (RFC 7638).
  --out DIR    Where to write the two files (created if missing).
  -h, --help   Show this help.

Exit codes:
  0  the key pair was written
  1  a file could not be written (for example it exists already)
  2  usage error: no "generate", an unknown option, or an algorithm not listed

Examples:
  raflag keys generate
  raflag keys generate --alg RS384 --kid my-gp-system-2026 --out ./keys
  raflag keys generate --out ./keys > jwks.json
`;

export interface GeneratedKeys {
  readonly kid: string;
  readonly alg: ClientAlgorithm;
  readonly privateJwk: JWK;
  readonly jwks: { readonly keys: readonly JWK[] };
}

/** A fresh key pair for `alg`, as the private JWK and the public JWKS, both labelled with `kid`, `alg` and `use`. */
export async function generateClientKeys(alg: ClientAlgorithm, kid?: string): Promise<GeneratedKeys> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const exported = await exportJWK(privateKey);
  const bare = publicPart(exported);
  const id = kid ?? (await calculateJwkThumbprint(bare, 'sha256'));
  const labels = { kid: id, alg, use: 'sig' };
  return { kid: id, alg, privateJwk: { ...exported, ...labels }, jwks: { keys: [{ ...bare, ...labels }] } };
}

const usageError = (io: CliIo, message: string): number => {
  io.stderr.write(`raflag keys: ${message}\nRun "raflag keys --help" for usage.\n`);
  return exitCode.usage;
};

/** Letters, digits and `. _ ~ -`, so the key id can name a file safely. */
const SAFE_KID = /^[A-Za-z0-9._~-]{1,128}$/;

/** `raflag keys generate ...`; resolves to the process exit code. */
export async function keysCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { alg: 'value', kid: 'value', out: 'value' });
  if (parsed.kind === 'help') {
    io.stdout.write(keysHelp);
    return exitCode.valid;
  }
  if (parsed.kind === 'usage-error') return usageError(io, parsed.message);
  const [sub, ...extra] = parsed.positionals;
  if (sub !== 'generate') return usageError(io, sub === undefined ? 'say what to do: raflag keys generate' : `unknown keys command "${sub}"; the only one is generate`);
  if (extra.length > 0) return usageError(io, `unexpected argument ${extra.join(' ')}`);
  const alg = parsed.values['alg'] ?? 'ES384';
  if (!isClientAlgorithm(alg)) return usageError(io, `--alg "${alg}" is not one of ${CLIENT_ALGORITHMS.join(', ')}`);
  const kid = parsed.values['kid'];
  if (kid !== undefined && !SAFE_KID.test(kid)) return usageError(io, '--kid must be 1 to 128 letters, digits, ".", "_", "~" or "-"');
  const out = parsed.values['out'] ?? '.';

  const keys = await generateClientKeys(alg, kid);
  const privateFile = path.join(out, `${keys.kid}.private.json`);
  const jwksFile = path.join(out, `${keys.kid}.jwks.json`);
  const jwksText = `${JSON.stringify(keys.jwks, null, 2)}\n`;
  const createOnly = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY;
  try {
    await mkdir(out, { recursive: true });
    // Created with 0600 in the same call, so the private key is never readable by others, not even briefly.
    await writeFile(privateFile, `${JSON.stringify(keys.privateJwk, null, 2)}\n`, { flag: createOnly, mode: 0o600 });
    await writeFile(jwksFile, jwksText, { flag: createOnly, mode: 0o644 });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const why = code === 'EEXIST' ? 'a key with this kid is there already' : `the files could not be written${typeof code === 'string' ? ` (${code})` : ''}`;
    io.stderr.write(`raflag keys: ${why}: ${out}\n`);
    return exitCode.invalid;
  }
  io.stdout.write(jwksText);
  io.stderr.write(`Private key: ${privateFile} (mode 0600; keep it secret)\nPublic JWKS: ${jwksFile} (register this one)\n`);
  return exitCode.valid;
}
