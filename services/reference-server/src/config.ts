import { z } from 'zod';

/** Request limits (DESIGN decision 12): each has a safe default and its own environment variable. */
export interface Limits {
  /** Largest request body accepted, in bytes (413 above it). */
  readonly bodyBytes: number;
  /** Deepest nesting of JSON arrays and objects. */
  readonly jsonDepth: number;
  /** Longest JSON array. */
  readonly arrayLength: number;
  /** Longest JSON string, in characters. */
  readonly stringLength: number;
  /** Largest `_count` a search may ask for. */
  readonly countMax: number;
  /** Largest total size of the request headers, in bytes. */
  readonly headerBytes: number;
  /** Longest request URL (path and query), in characters. */
  readonly urlLength: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly demoData: boolean;
  /** Runs without authentication; only ever true when asked for explicitly. */
  readonly insecureNoAuth: boolean;
  readonly logLevel: LogLevel;
  readonly limits: Limits;
  /** Resources the in-memory read cache keeps (0 turns it off); search answers get a quarter of that. */
  readonly readCacheSize: number;
  /** Where clients reach the server when that is not `http://HOST:PORT` (behind a proxy); no trailing slash. */
  readonly publicUrl: string | undefined;
}

export const INSECURE_NO_AUTH_FLAG = '--insecure-no-auth';

export const defaultLimits: Limits = {
  bodyBytes: 1_048_576,
  jsonDepth: 32,
  arrayLength: 1_000,
  stringLength: 65_536,
  countMax: 100,
  headerBytes: 16_384,
  urlLength: 4_096,
};

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

const booleanVar = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => TRUE_WORDS.includes(v) || FALSE_WORDS.includes(v), { message: `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}` })
    .transform((v) => TRUE_WORDS.includes(v))
    .optional()
    .transform((v) => v ?? fallback);

const integerVar = (fallback: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` }))
    .optional()
    .transform((v) => v ?? fallback);

const textVar = (fallback: string) =>
  z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .optional()
    .transform((v) => v ?? fallback);

/** Environment variable → parsed value; the keys are the variable names, so an error can name them. */
const envSchema = z.object({
  PORT: integerVar(8080, 0, 65_535),
  HOST: textVar('127.0.0.1'),
  RAFLAG_DATA_DIR: textVar('./.raflag-data'),
  RAFLAG_DEMO_DATA: booleanVar(true),
  RAFLAG_INSECURE_NO_AUTH: booleanVar(false),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional().transform((v) => v ?? 'info'),
  RAFLAG_MAX_BODY_BYTES: integerVar(defaultLimits.bodyBytes, 1_024, 104_857_600),
  RAFLAG_MAX_JSON_DEPTH: integerVar(defaultLimits.jsonDepth, 8, 1_000),
  RAFLAG_MAX_ARRAY_LENGTH: integerVar(defaultLimits.arrayLength, 1, 1_000_000),
  RAFLAG_MAX_STRING_LENGTH: integerVar(defaultLimits.stringLength, 64, 104_857_600),
  RAFLAG_MAX_COUNT: integerVar(defaultLimits.countMax, 1, 10_000),
  RAFLAG_MAX_HEADER_BYTES: integerVar(defaultLimits.headerBytes, 1_024, 1_048_576),
  RAFLAG_MAX_URL_LENGTH: integerVar(defaultLimits.urlLength, 256, 1_048_576),
  RAFLAG_READ_CACHE_SIZE: integerVar(20_000, 0, 10_000_000),
  RAFLAG_PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL such as https://raflag.example.nhs.uk' }).optional(),
});

/** The variables `loadConfig` reads, for documentation and tests. */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as readonly (keyof typeof envSchema.shape)[];

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly error: string };

/**
 * Reads the configuration from environment variables (and the `--insecure-no-auth` flag). An
 * empty variable counts as unset, so `PORT= node main.js` keeps the default.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, argv: readonly string[] = []): ConfigResult {
  const input: Record<string, string> = {};
  for (const name of CONFIG_VARIABLES) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') input[name] = value;
  }
  const unknownFlags = argv.filter((arg) => arg.startsWith('-') && arg !== INSECURE_NO_AUTH_FLAG);
  if (unknownFlags.length > 0) {
    return { ok: false, error: `Unknown option ${unknownFlags.join(', ')}; the only option is ${INSECURE_NO_AUTH_FLAG}.` };
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')} ${issue.message}`);
    return { ok: false, error: `Invalid configuration: ${problems.join('; ')}.` };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataDir: e.RAFLAG_DATA_DIR,
      demoData: e.RAFLAG_DEMO_DATA,
      insecureNoAuth: e.RAFLAG_INSECURE_NO_AUTH || argv.includes(INSECURE_NO_AUTH_FLAG),
      logLevel: e.LOG_LEVEL,
      readCacheSize: e.RAFLAG_READ_CACHE_SIZE,
      publicUrl: e.RAFLAG_PUBLIC_URL,
      limits: {
        bodyBytes: e.RAFLAG_MAX_BODY_BYTES,
        jsonDepth: e.RAFLAG_MAX_JSON_DEPTH,
        arrayLength: e.RAFLAG_MAX_ARRAY_LENGTH,
        stringLength: e.RAFLAG_MAX_STRING_LENGTH,
        countMax: e.RAFLAG_MAX_COUNT,
        headerBytes: e.RAFLAG_MAX_HEADER_BYTES,
        urlLength: e.RAFLAG_MAX_URL_LENGTH,
      },
    },
  };
}
