/** Command-line options of `npm run bench -- [options]`. */
export interface BenchOptions {
  /** Seeded returns (historical data the reads page through). */
  returns: number;
  /** Measured read requests per side (gateway and baseline), warm-up excluded. */
  reads: number;
  /** Measured write requests per side. */
  writes: number;
  /** Warm-up requests per side and scenario, not measured. */
  warmupReads: number;
  warmupWrites: number;
  /** Seeded drop-off locations the geo search runs against. */
  locations: number;
  /** Measured dropOffLocations searches per side, and unmeasured ones first. */
  geoReads: number;
  warmupGeo: number;
  /** Measured outbox jobs per dispatch pipeline (and bare BullMQ jobs), and unmeasured ones first. */
  jobs: number;
  warmupJobs: number;
  /** Requests in flight at once, for gateway and baseline alike. */
  concurrency: number;
  /** Gateway/baseline alternations per scenario (ABBA…), so drift on a busy machine hits both sides. */
  rounds: number;
  /** Wall-clock cap per scenario side in seconds; a side that hits it stops early and says so. */
  timeLimitSeconds: number;
  /** Run only the analytics scenario (its own generated history) instead of the gateway scenarios. */
  analytics: boolean;
  /** Analytics: orders in the generated history, weeks it spans, measured returnAnalytics requests per groupBy. */
  orders: number;
  weeks: number;
  analyticsReads: number;
  /** Run only the bulk-import scenario: a synthetic JSON Lines file through POST /imports, beside a raw COPY. */
  import: boolean;
  /** Run only partner dispatch (its pipelines and baselines), on a small seeded data set: no gateway scenarios, no geo. */
  dispatch: boolean;
  /** Import: order lines in the synthetic file. */
  importLines: number;
  /** Start PostGraphile v4 on the bench database as a peer in the page scenario (`--no-peer` skips it). */
  peer: boolean;
  /** Keep the benchmark database instead of dropping it. */
  keep: boolean;
  /** Rewrite the figures section of docs/benchmarks.md. */
  writeDocs: boolean;
  help: boolean;
}

export const DEFAULTS: BenchOptions = {
  returns: 100_000,
  reads: 2_000,
  writes: 1_000,
  warmupReads: 200,
  warmupWrites: 100,
  locations: 100_000,
  geoReads: 2_000,
  warmupGeo: 200,
  jobs: 2_000,
  warmupJobs: 200,
  concurrency: 16,
  rounds: 2,
  timeLimitSeconds: 120,
  analytics: false,
  orders: 1_000_000,
  weeks: 52,
  analyticsReads: 20,
  import: false,
  dispatch: false,
  importLines: 200_000,
  peer: true,
  keep: false,
  writeDocs: false,
  help: false,
};

export const USAGE = `Usage: npm run bench -- [options]

Seeds a fresh PostgreSQL database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres
as the admin connection) and compares the GraphQL gateway with raw postgres.js doing the same work;
then measures partner dispatch (outbox → BullMQ → adapter → loopback partner) against bare BullMQ.

  --returns N        returns to seed (default ${DEFAULTS.returns})
  --reads N          measured read requests per side (default ${DEFAULTS.reads})
  --writes N         measured requestReturn calls per side (default ${DEFAULTS.writes})
  --warmup-reads N   unmeasured reads first, per side (default ${DEFAULTS.warmupReads})
  --warmup-writes N  unmeasured writes first, per side (default ${DEFAULTS.warmupWrites})
  --locations N      drop-off locations to seed for the geo search (default ${DEFAULTS.locations})
  --geo-reads N      measured dropOffLocations searches per side (default ${DEFAULTS.geoReads})
  --warmup-geo N     unmeasured searches first, per side (default ${DEFAULTS.warmupGeo})
  --jobs N           measured partner jobs per dispatch run, and bare BullMQ jobs (default ${DEFAULTS.jobs})
  --warmup-jobs N    unmeasured jobs first, per run (default ${DEFAULTS.warmupJobs})
  --concurrency N    requests in flight (default ${DEFAULTS.concurrency})
  --rounds N         gateway/baseline alternations per scenario (default ${DEFAULTS.rounds})
  --time-limit S     cap per scenario side in seconds (default ${DEFAULTS.timeLimitSeconds})
  --analytics        only the analytics scenario: generate a history, refresh the aggregates (full and
                     incremental), measure returnAnalytics per groupBy over the last year, EXPLAIN it
  --orders N         analytics: orders in the generated history (default ${DEFAULTS.orders})
  --weeks N          analytics: weeks of history, ending now (default ${DEFAULTS.weeks})
  --analytics-reads N  analytics: measured requests per groupBy (default ${DEFAULTS.analyticsReads})
  --import           only the bulk-import scenario: a synthetic JSON Lines file sent to POST /imports and
                     loaded by the worker, beside a raw COPY of the same rows into the same tables
  --import-lines N   import: order lines in the file (default ${DEFAULTS.importLines})
  --dispatch         only partner dispatch (the four pipelines, warm-up, rounds and one at a time), on
                     --returns seeded returns (default 5000 with this flag); no gateway or geo scenarios,
                     and no --write-docs (the figures section needs the whole run)
  --no-peer          skip the PostGraphile v4 peer in the page scenario (a quicker run)
  --keep             keep the benchmark database
  --write-docs       rewrite the figures section of docs/benchmarks.md
  --help             this text
`;

/** A bad command line: reported without a stack trace. */
export class UsageError extends Error {}

const INT_FLAGS: Record<string, { key: keyof BenchOptions; min: number; max: number }> = {
  '--returns': { key: 'returns', min: 100, max: 10_000_000 },
  '--reads': { key: 'reads', min: 1, max: 10_000_000 },
  '--writes': { key: 'writes', min: 1, max: 1_000_000 },
  '--warmup-reads': { key: 'warmupReads', min: 0, max: 1_000_000 },
  '--warmup-writes': { key: 'warmupWrites', min: 0, max: 1_000_000 },
  '--locations': { key: 'locations', min: 100, max: 10_000_000 },
  '--geo-reads': { key: 'geoReads', min: 1, max: 10_000_000 },
  '--warmup-geo': { key: 'warmupGeo', min: 0, max: 1_000_000 },
  '--jobs': { key: 'jobs', min: 1, max: 1_000_000 },
  '--warmup-jobs': { key: 'warmupJobs', min: 0, max: 1_000_000 },
  '--concurrency': { key: 'concurrency', min: 1, max: 256 },
  '--rounds': { key: 'rounds', min: 1, max: 20 },
  '--time-limit': { key: 'timeLimitSeconds', min: 1, max: 3600 },
  '--orders': { key: 'orders', min: 1000, max: 20_000_000 },
  '--weeks': { key: 'weeks', min: 1, max: 520 },
  '--analytics-reads': { key: 'analyticsReads', min: 1, max: 100_000 },
  '--import-lines': { key: 'importLines', min: 100, max: 20_000_000 },
};

/** Parses argv (without node and script); throws on unknown flags or bad numbers. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    if (flag === '--keep') options.keep = true;
    else if (flag === '--no-peer') options.peer = false;
    else if (flag === '--analytics') options.analytics = true;
    else if (flag === '--import') options.import = true;
    else if (flag === '--dispatch') options.dispatch = true;
    else if (flag === '--write-docs') options.writeDocs = true;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else if (flag in INT_FLAGS) {
      const spec = INT_FLAGS[flag];
      const raw = inline ?? argv[++i];
      const n = Number(raw);
      if (raw === undefined || !Number.isInteger(n) || n < spec.min || n > spec.max) {
        throw new UsageError(`${flag} needs an integer between ${spec.min} and ${spec.max}`);
      }
      (options[spec.key] as number) = n;
    } else {
      throw new UsageError(`unknown option ${argv[i]}\n\n${USAGE}`);
    }
  }
  if (options.dispatch && options.writeDocs) throw new UsageError('--dispatch measures dispatch alone: --write-docs needs the whole run');
  if (options.dispatch && !argv.some((a) => a.split('=', 1)[0] === '--returns')) options.returns = 5_000;
  return options;
}
