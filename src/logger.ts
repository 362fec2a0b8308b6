import type { Config } from './config';

/** Minimal leveled logger writing one JSON line per entry to stderr. */
export interface Logger {
  debug(msg: string, data?: unknown): void;
  info(msg: string, data?: unknown): void;
  warn(msg: string, data?: unknown): void;
  error(msg: string, data?: unknown): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function serialize(data: unknown): unknown {
  if (data instanceof Error) return { name: data.name, message: data.message, stack: data.stack };
  return data;
}

/** Creates a logger that drops entries below `level`. */
export function createLogger(level: Config['logLevel']): Logger {
  const min = LEVELS.indexOf(level);
  const write = (l: (typeof LEVELS)[number]) => (msg: string, data?: unknown) => {
    if (LEVELS.indexOf(l) < min) return;
    process.stderr.write(`${JSON.stringify({ level: l, time: new Date().toISOString(), msg, ...(data === undefined ? {} : { data: serialize(data) }) })}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
