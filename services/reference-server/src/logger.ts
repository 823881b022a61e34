import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * Where patient data could hide in a log line: keys whose values are never written, at any depth
 * of a logged object and at the top of a child logger's bindings. Bodies, query strings, full
 * URLs, headers and credentials are censored wherever a caller puts them, so a careless
 * `log.info({ req })` still leaks nothing.
 */
export const CENSORED_KEYS: ReadonlySet<string> = new Set(['body', 'query', 'url', 'originalUrl', 'params', 'resource', 'headers', 'authorization', 'cookie']);

export const CENSOR = '[redacted]';

/**
 * Ten digits, with or without the 3-3-4 spacing: what an NHS number looks like. Any such run in a
 * logged string is masked, so an id or message that embeds one cannot carry it into the log.
 */
const NHS_NUMBER_LIKE = /(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)/g;

/**
 * NHS_NUMBER_LIKE without the look-arounds, which make a scan about fifty times slower: a line
 * with no match here has nothing to mask, and nearly every line has none.
 */
const MAYBE_NHS_NUMBER = /\d{3}[ -]?\d{3}[ -]?\d{4}/;

export function scrubText(text: string): string {
  return MAYBE_NHS_NUMBER.test(text) ? text.replace(NHS_NUMBER_LIKE, CENSOR) : text;
}

/** The value with CENSORED_KEYS censored and NHS-number-like strings and numbers masked. */
function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  // An NHS number held as a JSON number (leading zeros aside) is ten digits too.
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1e9 && value < 1e10) return CENSOR;
  if (depth > 8 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: scrubText(value.message) };
  const out: Record<string, unknown> = {};
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) out[key] = CENSORED_KEYS.has(key) ? CENSOR : scrubValue(object[key], depth + 1);
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

/** Masks NHS-number-like runs inside the JSON strings of one log line, leaving numbers valid JSON. */
export function scrubLine(line: string): string {
  if (!MAYBE_NHS_NUMBER.test(line)) return line;
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
  const destination = scrubbing(options.destination ?? bufferedStdout());
  return pino(
    {
      level: options.level,
      base: { service: 'raflag-reference-server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // pino's `redact` covers a child logger's bindings, which no formatter sees, at the top level
      // only: its wildcard paths cost a third of every line. Logged objects are censored at every
      // depth by the `log` formatter's walk, which visits every value anyway.
      redact: { paths: [...CENSORED_KEYS], censor: CENSOR },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubValue(object, 0) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method, level) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
          // Info and below may wait in the buffer; a warning or an error goes out at once, with
          // whatever was held before it.
          if (level >= pino.levels.values['warn']!) destination.flush?.();
        },
      },
    },
    destination,
  );
}

/** Lines are held until this much is waiting, or until the next flush tick. */
const LOG_BUFFER_BYTES = 4096;
const LOG_FLUSH_MS = 200;

/**
 * Standard output, written a few kilobytes at a time. One write per line cost about as much as
 * a tenth of a consent-gated read: under load the lines go out together, and when it is quiet a
 * line waits at most LOG_FLUSH_MS (createLogger flushes warnings and errors at once). Lines still
 * held when the process is killed outright are lost (the audit trail, not the log, is the record
 * of who saw what); a shutdown flushes them.
 */
function bufferedStdout(): FlushableDestination {
  const stdout = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  // Ticks since the last line: a flush that found a write in flight is tried again on the next.
  let quietTicks = Number.POSITIVE_INFINITY;
  setInterval(() => {
    if (quietTicks++ < 2) stdout.flush();
  }, LOG_FLUSH_MS).unref();
  return {
    write: (line: string) => {
      quietTicks = 0;
      return stdout.write(line);
    },
    flush: (cb) => stdout.flush(cb),
  };
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
