import { types } from 'node:util';
import pino, { type DestinationStream } from 'pino';
import type { Config } from './config';

/** Leveled logger: one JSON line per entry on stderr (stdout is the banner). `data` becomes the entry's fields. */
export interface Logger {
  debug(msg: string, data?: unknown): void;
  info(msg: string, data?: unknown): void;
  warn(msg: string, data?: unknown): void;
  error(msg: string, data?: unknown): void;
}

// Keys whose values never reach a log, at the top level and up to three objects deep (pino's redact wildcards stand
// for exactly one level each, so every depth is a path of its own). Header names are lower case, as Node gives them.
const SECRET_KEYS = ['authorization', 'cookie', 'set-cookie', 'x-api-key', 'password', 'secret', 'signingSecret', 'apiKey', 'token',
  'accessToken', 'refreshToken', 'clientSecret', 'jwtSecret'];
const REDACT_DEPTH = 4;
// Every secret key at depths 0..3: `key`, `*.key`, `*.*.key`, `*.*.*.key`.
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const last = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  return Array.from({ length: REDACT_DEPTH }, (_, depth) => `${'*.'.repeat(depth)}${last}`.replace('.[', '['));
});
const REDACTED = '[Redacted]';

// pino's own fields: data carrying one of these is nested under `data` instead of clashing with them.
const RESERVED = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/**
 * Whatever the path: credentials in URLs (postgres://user:pass@…, redis://:pass@…) and Bearer/Basic credentials (8
 * characters or more, so prose like "Basic auth" stays), anywhere in the finished line: values, error messages, stacks.
 */
function scrubLine(line: string): string {
  return line
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/"\\]*):[^\s@/"\\]+@/gi, `$1:${REDACTED}@`)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`);
}

type SerializedError = Record<string, unknown> & { message?: string; cause?: SerializedError };

// Where a failed query's bound values sit: drizzle's DrizzleQueryError (`params`), postgres.js' PostgresError
// (`parameters`, `args`).
const QUERY_VALUES = ['params', 'parameters', 'args'];

/**
 * An error with message, stack, own fields (a PostgreSQL error's `code`, `detail`, …) and its whole `cause` chain as
 * nested objects (pino-std-serializers' errWithCause). A failed query keeps its SQL but not its bound values, which
 * may be secrets or personal data (drizzle also spells them into its message: "Failed query: …\nparams: …"); a failed
 * Redis command keeps its name but not its arguments.
 */
function serializeError(value: unknown): unknown {
  const out = pino.stdSerializers.errWithCause(value as Error) as unknown;
  for (let e = out as SerializedError | undefined; e && typeof e === 'object'; e = e.cause) {
    // An ioredis ReplyError carries its command: BullMQ's are Lua scripts (tens of KB a line) with job data in the
    // arguments. The command's name is enough to tell what failed.
    const command = e.command as { name?: unknown; args?: unknown } | undefined;
    if (command && typeof command === 'object' && Array.isArray(command.args)) {
      e.command = { name: command.name, args: `[${command.args.length} omitted]` };
    }
    if (typeof e.query !== 'string') continue;
    for (const key of QUERY_VALUES) if (Array.isArray(e[key])) e[key] = `[${(e[key] as unknown[]).length} redacted]`;
    if (typeof e.params !== 'string') continue;
    const hidden = `\nparams: ${e.params}`;
    if (typeof e.message === 'string') e.message = e.message.replace(/\nparams: [\s\S]*$/, hidden);
    if (typeof e.stack === 'string') e.stack = e.stack.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, hidden);
  }
  return out;
}

/** pino's merge object for (msg, data): an Error goes to `err`, an object gives its fields, anything else is `data`. */
function fields(data: unknown): object | undefined {
  if (data === undefined) return undefined;
  if (types.isNativeError(data)) return { err: data }; // not instanceof: errors from another realm count too
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { data };
  return Object.keys(data).some((k) => RESERVED.has(k)) ? { data } : data;
}

let stderr: DestinationStream | undefined;

/**
 * Creates a pino logger that drops entries below `level`, writing to `destination` (default: stderr, synchronously, so
 * nothing is lost when the process exits right after logging).
 */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  const log = pino({
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: serializeError, error: serializeError },
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: scrubLine },
  }, destination ?? (stderr ??= pino.destination({ dest: 2, sync: true })));
  const at = (l: 'debug' | 'info' | 'warn' | 'error') => (msg: string, data?: unknown) => {
    const obj = fields(data);
    if (obj) log[l](obj, msg); else log[l](msg);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
