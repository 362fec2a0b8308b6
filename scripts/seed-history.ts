import 'reflect-metadata';
import { loadConfig } from '../src/config';
import { connectionOptions, openDatabase } from '../src/db/client';
import { migrateDatabase } from '../src/db/migrate';
import { generateHistory, HistoryExistsError, type HistoryOptions, type HistorySummary } from '../src/demo/history';

const USAGE = `Usage: npm run seed:history -- --orders N [--seed S] [--weeks W] [--end YYYY-MM-DD] [--customers C] [--replace] [--no-refresh]

Generates a realistic order and return history (docs/history-generator.md) into DATABASE_URL, or into the demo's
embedded database under DATA_DIR (default .data) when DATABASE_URL is unset. Migrates first.
  --orders N      orders to generate (required)
  --seed S        PRNG seed (default 1); the same seed gives the same history
  --weeks W       weeks of history ending at --end (default 104)
  --end DATE      when the history ends (ISO date or timestamp; default now)
  --customers C   customers who may order (default orders / 4)
  --replace       delete an existing generated history (HIST- orders) first
  --no-refresh    skip the analytics refresh at the end`;

class UsageError extends Error {}

/** Parses the command line into generator options. */
export function parseHistoryArgs(argv: readonly string[]): HistoryOptions {
  const opts: Partial<HistoryOptions> = {};
  const int = (flag: string, value: string | undefined) => {
    if (value === undefined || !/^-?\d+$/.test(value)) throw new UsageError(`${flag} needs an integer`);
    return Number(value);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--orders': opts.orders = int(flag, value()); break;
      case '--seed': opts.seed = int(flag, value()); break;
      case '--weeks': opts.weeks = int(flag, value()); break;
      case '--customers': opts.customers = int(flag, value()); break;
      case '--end': {
        const v = value();
        const end = new Date(v ?? '');
        if (!v || Number.isNaN(end.getTime())) throw new UsageError('--end needs a date, e.g. 2025-12-31');
        opts.end = end;
        break;
      }
      case '--replace': opts.replace = true; break;
      case '--no-refresh': opts.refresh = false; break;
      case '--help': case '-h': throw new UsageError('');
      default: throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (opts.orders === undefined) throw new UsageError('--orders is required');
  return opts as HistoryOptions;
}

function report(s: HistorySummary): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return [
    `History ${s.start.slice(0, 10)} → ${s.end.slice(0, 10)} (seed ${s.seed})`,
    `  customers ${s.customers}, products ${s.products}`,
    `  orders ${s.orders}, lines ${s.orderLines}, units ${s.units}`,
    `  returns ${s.returns}, items ${s.returnItems}, units ${s.returnedUnits}`,
    `  returns by status: ${Object.entries(s.returnsByStatus).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '  return rate by category (units in returns not rejected or cancelled / units sold):',
    ...Object.entries(s.byCategory).map(([c, v]) => `    ${c.padEnd(12)} ${pct(v.returnRate).padStart(7)}  (${v.unitsReturned} of ${v.unitsSold})`),
    `  ${s.rows} rows written in ${(s.writeMs / 1000).toFixed(1)} s (${s.rowsPerSecond} rows/s); ${(s.elapsedMs / 1000).toFixed(1)} s in all${s.refreshed ? ' with the analytics refresh' : ''}`,
  ];
}

async function main(): Promise<number> {
  let options: HistoryOptions;
  try {
    options = parseHistoryArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      if (e.message) process.stderr.write(`seed:history: ${e.message}\n\n`);
      process.stderr.write(`${USAGE}\n`);
      return e.message ? 2 : 0;
    }
    throw e;
  }
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, config.dataDir, connectionOptions(config, 3));
  try {
    process.stdout.write(`Generating ${options.orders} orders into ${config.databaseUrl ? 'DATABASE_URL' : `the embedded database in ${config.dataDir}`}…\n`);
    await migrateDatabase(config, database);
    const summary = await generateHistory(database, { ...options, log: (line) => process.stdout.write(`${line}\n`) });
    process.stdout.write(`${report(summary).join('\n')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof HistoryExistsError || e instanceof RangeError) {
      process.stderr.write(`seed:history: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().then((code) => { process.exitCode = code; }, (e: unknown) => {
    process.stderr.write(`seed:history failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
