import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * Where patient data could hide in a log line. Bodies, query strings, full URLs and credentials are
 * censored wherever a caller puts them, so a careless `log.info({ req })` still leaks nothing.
 */
export const REDACTED_PATHS = [
  'body',
  'query',
  'url',
  'originalUrl',
  'params',
  'resource',
  'headers.authorization',
  'headers.cookie',
  'req.body',
  'req.query',
  'req.url',
  'req.originalUrl',
  'req.params',
  'req.headers',
  'res.body',
  'res.headers',
  'request.body',
  'request.url',
  'response.body',
  '*.body',
  '*.query',
  '*.url',
  '*.resource',
];

export const CENSOR = '[redacted]';

/**
 * Ten digits, with or without the 3-3-4 spacing: what an NHS number looks like. Any such run in a
 * logged string is masked, so an id or message that embeds one cannot carry it into the log.
 */
const NHS_NUMBER_LIKE = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;

export function scrubText(text: string): string {
  return text.replace(NHS_NUMBER_LIKE, CENSOR);
}

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  // An NHS number held as a JSON number (leading zeros aside) is ten digits too.
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1e9 && value < 1e10) return CENSOR;
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: scrubText(value.message) };
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = scrubValue(v, depth + 1);
  return out;
}

/**
 * The path part of a URL with its query string dropped and NHS-number-like segments masked: for
 * when no route template is known (a 404 on an unknown path, say).
 */
export function safePath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return scrubText(path);
}

const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;
/** The same shape as NHS_NUMBER_LIKE, anywhere: a line without one has nothing to mask. */
const ANY_NHS_NUMBER_LIKE = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/;

/** Masks NHS-number-like runs inside the JSON strings of one log line, leaving numbers valid JSON. */
export function scrubLine(line: string): string {
  // Nearly every line has none: one scan of the line, instead of one per string literal in it.
  if (!ANY_NHS_NUMBER_LIKE.test(line)) return line;
  return line.replace(JSON_STRING, (literal) => scrubText(literal));
}

type FlushableDestination = DestinationStream & { flush?: (cb?: (error?: Error) => void) => void };

/**
 * The last line of defence: pino writes child-logger fields without running any formatter, so
 * every finished line is scrubbed on its way out as well.
 */
function scrubbing(destination: FlushableDestination): FlushableDestination {
  return {
    write: (line: string) => destination.write(scrubLine(line)),
    flush: (cb) => (destination.flush ? destination.flush(cb) : cb?.()),
  };
}

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Defaults to stdout; tests pass a stream to capture lines. */
  readonly destination?: DestinationStream;
}

/** JSON lines with redaction and NHS-number scrubbing built in. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'raflag-reference-server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubValue(object, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    scrubbing(options.destination ?? pino.destination({ dest: 1, sync: false })),
  );
}

export interface RequestLogFields {
  readonly requestId: string;
  readonly method: string;
  /** The route template (`/fhir/Flag/:id`), never the URL the client sent. */
  readonly route: string;
}

/** The per-request child: every line it writes carries the request id, method and route template. */
export function requestLogger(logger: Logger, fields: RequestLogFields): Logger {
  return logger.child({ requestId: fields.requestId, method: fields.method, route: scrubText(fields.route) });
}
