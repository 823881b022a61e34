import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { ACTIVITY } from './principal.js';

/** The signing algorithms a client assertion may use (SMART requires RS384 and ES384; NHS England uses RS512). */
export const ASSERTION_ALGORITHMS = ['RS384', 'ES384', 'RS512'] as const;
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

export const CLIENT_KINDS = ['clinical-system', 'lhcre', 'auditor'] as const;
export const CLIENT_ROLES = [ACTIVITY.existence, ACTIVITY.readDetails, ACTIVITY.manage, 'auditor'] as const;
export type ClientRole = (typeof CLIENT_ROLES)[number];

/**
 * A SMART scope we can reason about: context, one resource type or `*`, and either a v1 suffix or a v2
 * suffix that is a non-empty in-order subset of `cruds`. Query-restricted scopes (`?category=…`) are not
 * supported yet, so the registry refuses them rather than granting more than the registrant meant.
 */
export const SMART_SCOPE_PATTERN = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]*)\.(read|write|\*|c?r?u?d?s?)$/;

/** Members that only a private or symmetric key carries: a registry holds public keys only. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const nonEmpty = z.string().trim().min(1, { error: 'must be a non-empty string' });

const quoted = (input: unknown): string => (typeof input === 'string' ? JSON.stringify(input.slice(0, 60)) : typeof input);

const rsaJwk = z.looseObject({
  kty: z.literal('RSA'),
  kid: nonEmpty,
  n: nonEmpty,
  e: nonEmpty,
  alg: z.enum(ASSERTION_ALGORITHMS).optional(),
  use: z.literal('sig', { error: 'must be "sig" when present' }).optional(),
});
const ecJwk = z.looseObject({
  kty: z.literal('EC'),
  kid: nonEmpty,
  crv: z.literal('P-384', { error: 'must be "P-384" (ES384 is the only EC algorithm accepted)' }),
  x: nonEmpty,
  y: nonEmpty,
  alg: z.literal('ES384', { error: 'must be "ES384" when present on an EC key' }).optional(),
  use: z.literal('sig', { error: 'must be "sig" when present' }).optional(),
});

/** One public verification key as a client registers it. */
export const publicJwkSchema = z
  .discriminatedUnion('kty', [rsaJwk, ecJwk], {
    error: (issue) => {
      const kty = typeof issue.input === 'object' && issue.input !== null && 'kty' in issue.input ? issue.input.kty : undefined;
      return `kty ${quoted(kty)} is not one of RSA, EC`;
    },
  })
  .superRefine((jwk, ctx) => {
    for (const member of PRIVATE_JWK_MEMBERS) {
      if (member in jwk) {
        ctx.addIssue({
          code: 'custom',
          path: [member],
          message: `private key member "${member}" found: register the PUBLIC key only, and keep the private key on the client`,
        });
      }
    }
  });
export type RegisteredJwk = z.infer<typeof publicJwkSchema>;

export const jwksSchema = z.object({ keys: z.array(publicJwkSchema).min(1, { error: 'must list at least one key' }) }).superRefine((jwks, ctx) => {
  const seen = new Set<string>();
  jwks.keys.forEach((key, index) => {
    const id = `${key.kty}:${key.kid}`;
    if (seen.has(id)) {
      ctx.addIssue({ code: 'custom', path: ['keys', index, 'kid'], message: `kid "${key.kid}" is used by two ${key.kty} keys: each kid must be unique` });
    }
    seen.add(id);
  });
});

const jwksUriSchema = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not an absolute URL' });
    return;
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    ctx.addIssue({ code: 'custom', message: 'must use https (plain http is allowed only for 127.0.0.1 or localhost)' });
  }
  if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'must not carry credentials' });
});

const clientSchema = z
  .object({
    clientId: z.string().regex(/^[A-Za-z0-9._~-]{1,128}$/, { error: 'must be 1-128 characters from A-Z a-z 0-9 . _ ~ -' }),
    kind: z.enum(CLIENT_KINDS, { error: (issue) => `${quoted(issue.input)} is not one of ${CLIENT_KINDS.join(', ')}` }),
    organisation: z.object({
      odsCode: z.string().regex(/^[A-Z0-9]{3,10}$/, { error: 'must be an ODS code: 3 to 10 upper-case letters or digits' }),
      name: nonEmpty,
    }),
    jwks: jwksSchema.optional(),
    jwksUri: jwksUriSchema.optional(),
    algorithms: z
      .array(z.enum(ASSERTION_ALGORITHMS, { error: (issue) => `${quoted(issue.input)} is not one of ${ASSERTION_ALGORITHMS.join(', ')}` }))
      .min(1, { error: `must list at least one of ${ASSERTION_ALGORITHMS.join(', ')}` }),
    scopes: z
      .array(z.string().regex(SMART_SCOPE_PATTERN, { error: (issue) => `${quoted(issue.input)} is not a SMART scope such as system/Flag.rs or system/*.read` }))
      .min(1, { error: 'must list at least one SMART scope' }),
    roles: z.array(z.enum(CLIENT_ROLES, { error: (issue) => `${quoted(issue.input)} is not one of ${CLIENT_ROLES.join(', ')}` })),
  })
  .strict()
  .superRefine((client, ctx) => {
    if ((client.jwks === undefined) === (client.jwksUri === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['jwks'], message: 'give exactly one of "jwks" (inline public keys) or "jwksUri"' });
    }
  });
export type RegisteredClient = z.infer<typeof clientSchema>;

export const clientRegistrySchema = z
  .object({ $schema: z.string().optional(), clients: z.array(clientSchema) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.clients.forEach((client, index) => {
      if (seen.has(client.clientId)) {
        ctx.addIssue({ code: 'custom', path: ['clients', index, 'clientId'], message: `"${client.clientId}" is registered twice: client ids must be unique` });
      }
      seen.add(client.clientId);
    });
  });
export type ClientRegistryFile = z.infer<typeof clientRegistrySchema>;

export interface ClientRegistry {
  readonly clients: readonly RegisteredClient[];
  readonly byId: ReadonlyMap<string, RegisteredClient>;
}

export type ClientRegistryResult = { ok: true; registry: ClientRegistry } | { ok: false; message: string };

/** `clients[1].algorithms[0]`: the path as an integrator would type it into jq. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** Validates an already parsed registry; `label` names the file in messages. */
export function parseClientRegistry(json: unknown, label = 'clients.json'): ClientRegistryResult {
  const parsed = clientRegistrySchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.slice(0, 10).map((issue) => `${label}: ${formatIssuePath(issue.path)}: ${issue.message}`);
    return { ok: false, message: lines.join('\n') };
  }
  const byId = new Map(parsed.data.clients.map((client) => [client.clientId, client]));
  return { ok: true, registry: { clients: parsed.data.clients, byId } };
}

export function loadClientRegistry(file: string): ClientRegistryResult {
  const label = basename(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return { ok: false, message: `${label}: cannot read ${file} (${code}); create it (see the "Client registry" section of the README)` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${label}: not valid JSON (${error instanceof Error ? error.message : 'parse error'})` };
  }
  return parseClientRegistry(json, label);
}
