import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** What an LHCRE may be allowed to read; never AuditEvent, never anything else the server holds. */
export const SHAREABLE_TYPES = ['Flag', 'Condition', 'Consent', 'Patient', 'Provenance'] as const;
export type ShareableType = (typeof SHAREABLE_TYPES)[number];

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

const endpointSchema = z.string().superRefine((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not an absolute URL; send e.g. "https://lhcre.example.nhs.uk/raflag/notify"' });
    return;
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    ctx.addIssue({ code: 'custom', message: 'must use https (http is accepted only for localhost or 127.0.0.1, for testing)' });
  }
  if (url.username !== '' || url.password !== '') {
    ctx.addIssue({ code: 'custom', message: 'must not carry a user name or password; notifications are signed by the server key instead' });
  }
  if (url.hash !== '') ctx.addIssue({ code: 'custom', message: 'must not have a #fragment' });
});

export const sharingAgreementSchema = z.strictObject({
  /** The LHCRE's client id in the client registry. */
  clientId: z.string().trim().min(1, 'must be the LHCRE\'s client id from the client registry'),
  organisation: z.strictObject({
    odsCode: z.string().regex(/^[A-Za-z0-9]{3,10}$/, 'must be an ODS organisation code (3 to 10 letters or digits)'),
    name: z.string().trim().min(1, 'must name the organisation'),
  }),
  /** opt-in shares only under the patient's explicit permit; opt-out unless they object. */
  mode: z.enum(['opt-in', 'opt-out']).default('opt-in'),
  mayRead: z
    .array(z.enum(SHAREABLE_TYPES))
    .min(1, `must list at least one of ${SHAREABLE_TYPES.join(', ')}`)
    .refine((types) => new Set(types).size === types.length, 'lists a resource type twice'),
  notificationEndpoint: endpointSchema,
});

export const sharingAgreementsFileSchema = z
  .strictObject({ agreements: z.array(sharingAgreementSchema) })
  .superRefine((file, ctx) => {
    const unique = (key: (a: SharingAgreement) => string, field: (string | number)[], what: string) => {
      const seen = new Set<string>();
      file.agreements.forEach((agreement, index) => {
        const k = key(agreement);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: ['agreements', index, ...field], message: `repeats ${what} of an earlier agreement; each LHCRE has one agreement` });
        seen.add(k);
      });
    };
    unique((a) => a.clientId, ['clientId'], 'the clientId');
    unique((a) => a.organisation.odsCode.toUpperCase(), ['organisation', 'odsCode'], 'the ODS code');
  });

export type SharingAgreement = z.output<typeof sharingAgreementSchema>;
export type SharingMode = SharingAgreement['mode'];

export type LoadSharingAgreements =
  | { readonly ok: true; readonly agreements: readonly SharingAgreement[] }
  | { readonly ok: false; readonly reason: 'not-found' | 'unreadable' | 'invalid-json' | 'invalid'; readonly message: string };

/** `agreements[1].organisation.odsCode` from a zod path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
}

/**
 * Reads and checks the sharing agreements file. Messages name the file and the field at fault,
 * never the value found there (it may be a URL with secrets in it).
 */
export async function loadSharingAgreements(file: string): Promise<LoadSharingAgreements> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    return missing
      ? { ok: false, reason: 'not-found', message: `${file}: no sharing agreements file; create one (see services/reference-server/docs/sharing-agreements.md) or start without LHCRE sharing` }
      : { ok: false, reason: 'unreadable', message: `${file}: cannot be read; check its permissions` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'invalid-json', message: `${file}: is not valid JSON; it must be {"agreements": [ … ]}` };
  }
  const parsed = sharingAgreementsFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, agreements: parsed.data.agreements };
  const problems = parsed.error.issues.map((issue) => {
    const at = pathText(issue.path);
    const message = issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'unrecognized_keys' ? describe(issue) : issue.message;
    return `${at === '' ? '(top level)' : at} ${message}`;
  });
  return { ok: false, reason: 'invalid', message: `${file}: ${problems.join('; ')}` };
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'is missing; add it';
      return `must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'an array' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return issue.message;
  }
}
