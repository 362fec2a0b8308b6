import fs from 'node:fs';
import os from 'node:os';
import type { Stats } from './load';

/** The machine and software a run was measured on. */
export interface Machine {
  cores: number;
  memoryGiB: number;
  cpuModel: string;
  node: string;
  postgres: string;
  date: string;
}

/** Cores, memory and CPU model (from /proc/cpuinfo where there is one), Node and PostgreSQL versions, date. */
export function describeMachine(postgresVersion: string): Machine {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    if (match) cpuModel = match[1].trim();
  } catch {
    // Not Linux: keep what os.cpus() says.
  }
  return {
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel,
    node: process.version,
    postgres: postgresVersion,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/** One scenario's sides (gateway, baseline and, on the page, PostGraphile) and the statements each sent per request. */
export interface ScenarioReport {
  name: string;
  gateway: Stats;
  baseline: Stats;
  gatewayStatementsPerRequest: number;
  baselineStatementsPerRequest: number;
  peer?: Stats;
  peerStatementsPerRequest?: number;
}

/** The PostGraphile peer of the page scenario: its version and the pages compared with the gateway's. */
export interface PeerReport {
  version: string;
  poolSize: number;
  checked: number;
  returns: number;
  mismatches: number;
}

/** The geo search's data set and the EXPLAIN of a few searches. */
export interface GeoReport {
  locations: number;
  activeLocations: number;
  partners: number;
  seedSeconds: number;
  /** Mean locations a gateway search returned. */
  meanResults: number;
  /** Searches whose gateway and baseline results were compared id by id, and how many differed. */
  checked: number;
  mismatches: number;
  /** EXPLAIN (ANALYZE, BUFFERS) of a few searches (first 20): dense centres at several radii, open country. */
  explain: Array<{
    label: string;
    radiusKm: number;
    indexes: string[];
    fullScan: boolean;
    results: number;
    gatewayExecutionMs: number;
    baselineExecutionMs: number;
    gatewayBuffers: number;
    baselineBuffers: number;
  }>;
  /** 100 km searches that read more than 4× the buffers of the 5 km one around the same point (none is a pass). */
  radiusCostViolations: string[];
}

/** Partner dispatch: each pipeline's jobs/s and latency, beside bare BullMQ. */
export interface DispatchSection {
  rows: Array<{ name: string; stats: Stats; statementsPerJob: number; idle: Stats; baseline: boolean }>;
  workerConcurrency: number;
  producers: number;
  duplicates: number;
  badSignatures: number;
  idleJobs: number;
}

/** Everything the report prints. */
export interface BenchReport {
  machine: Machine;
  seeded: Record<string, number>;
  seedSeconds: number;
  concurrency: number;
  poolSize: number;
  rounds: number;
  scenarios: ScenarioReport[];
  peer?: PeerReport;
  geo?: GeoReport;
  dispatch?: DispatchSection;
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/**
 * The main table: scenario | gateway req/s | gateway p95 | baseline req/s | baseline p95 | ratio, and where a scenario
 * has the PostGraphile peer, its req/s, p95 and the gateway's ratio to it.
 */
export function mainTable(report: BenchReport): string {
  const withPeer = report.scenarios.some((s) => s.peer);
  return table(
    ['scenario', 'gateway req/s', 'gateway p95 ms', 'baseline req/s', 'baseline p95 ms', 'ratio (gateway / baseline req/s)',
      ...(withPeer ? ['PostGraphile req/s', 'PostGraphile p95 ms', 'ratio (gateway / PostGraphile req/s)'] : [])],
    report.scenarios.map((s) => [
      s.name, f0(s.gateway.rps), f1(s.gateway.p95), f0(s.baseline.rps), f1(s.baseline.p95), `${f2(s.gateway.rps / s.baseline.rps)}×`,
      ...(!withPeer ? [] : s.peer ? [f0(s.peer.rps), f1(s.peer.p95), `${f2(s.gateway.rps / s.peer.rps)}×`] : ['–', '–', '–']),
    ]),
  );
}

/** Per side: requests, failures, p50/p95/p99/max, SQL statements per request. */
export function detailTable(report: BenchReport): string {
  const rows: string[][] = [];
  for (const s of report.scenarios) {
    const sides: Array<[string, Stats, number]> = [['gateway', s.gateway, s.gatewayStatementsPerRequest], ['baseline', s.baseline, s.baselineStatementsPerRequest]];
    if (s.peer) sides.push(['PostGraphile', s.peer, s.peerStatementsPerRequest ?? NaN]);
    for (const [side, st, stmts] of sides) {
      rows.push([
        `${s.name} — ${side}`, String(st.requests), String(st.failures), f1(st.p50), f1(st.p95), f1(st.p99), f1(st.max), f1(stmts),
        st.timedOut ? 'yes' : 'no',
      ]);
    }
  }
  return table(['run', 'requests', 'failures', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'SQL statements / request', 'hit time limit'], rows);
}

/** Dispatch pipelines against the bare BullMQ baseline (the last row). */
export function dispatchTable(d: DispatchSection): string {
  const bare = d.rows.find((r) => r.baseline) ?? d.rows[d.rows.length - 1];
  return table(
    ['pipeline', 'jobs', 'failures', 'jobs/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'SQL statements / job', 'ratio (jobs/s / baseline)', 'one at a time p50 / p95 ms', 'one at a time p50 − baseline\'s'],
    d.rows.map((r) => [
      r.name, String(r.stats.requests), String(r.stats.failures + r.idle.failures), f0(r.stats.rps), f1(r.stats.p50), f1(r.stats.p95), f1(r.stats.p99), f1(r.stats.max),
      f1(r.statementsPerJob), r === bare ? '1.00×' : `${f2(r.stats.rps / bare.stats.rps)}×`, `${f1(r.idle.p50)} / ${f1(r.idle.p95)}`,
      r === bare ? '—' : `${r.idle.p50 >= bare.idle.p50 ? '+' : '−'}${f1(Math.abs(r.idle.p50 - bare.idle.p50))} ms`,
    ]),
  );
}

const n0 = (n: number) => n.toLocaleString('en-US');

/** The geo data set and EXPLAIN verdict, as prose lines and a table of the EXPLAINed searches. */
export function geoLines(g: GeoReport): string[] {
  const fullScan = g.explain.filter((e) => e.fullScan);
  const indexes = [...new Set(g.explain.flatMap((e) => e.indexes))];
  return [
    `Geo: ${n0(g.locations)} drop_off_locations (${n0(g.activeLocations)} of active partners) of ${g.partners} partners, seeded in ${g.seedSeconds.toFixed(1)} s;`
      + ` a search returned ${g.meanResults.toFixed(1)} locations on average; ${g.checked} searches compared id by id with the baseline, ${g.mismatches} differed.`,
    `EXPLAIN (ANALYZE, BUFFERS) of ${g.explain.length} searches (first 20): ${fullScan.length
      ? `**FULL SCAN (Seq Scan on drop_off_locations)** at ${fullScan.map((e) => `${e.label} ${e.radiusKm} km`).join(', ')}`
      : `index ${indexes.join(', ') || '(none named)'}, no Seq Scan on drop_off_locations`}; ${g.radiusCostViolations.length
      ? `**a 100 km search reads far more than a 5 km one**: ${g.radiusCostViolations.join('; ')}`
      : 'no 100 km search in a city reads more than 4× the buffers of the 5 km one'}.`,
    '',
    table(
      ['search (first 20)', 'found', 'gateway statement ms', 'gateway shared buffers', 'baseline ms', 'baseline shared buffers'],
      g.explain.map((e) => [`${e.label}, ${e.radiusKm} km`, String(e.results), f2(e.gatewayExecutionMs), String(e.gatewayBuffers), f2(e.baselineExecutionMs), String(e.baselineBuffers)]),
    ),
  ];
}

/** The figures section: machine, date, data set, both tables. Same text on stdout and in the docs. */
export function figuresMarkdown(report: BenchReport): string {
  const m = report.machine;
  const seeded = Object.entries(report.seeded).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ');
  return [
    `Measured ${m.date} on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.postgres}.`,
    '',
    `Data set: ${seeded} (seeded in ${report.seedSeconds.toFixed(1)} s).`,
    `Load: ${report.concurrency} requests in flight; ${report.rounds === 1 ? '1 round' : `${report.rounds} rounds alternating gateway and baseline${report.peer ? ' (and PostGraphile)' : ''}`} per scenario; gateway and baseline pools of ${report.poolSize} connections each.`,
    ...(report.peer ? [
      `Peer: PostGraphile ${report.peer.version} in the same process on the same database (its own role, pool of ${report.peer.poolSize}), page scenario only;`
        + ` ${report.peer.checked} pages (${n0(report.peer.returns)} returns) compared with the gateway's, ${report.peer.mismatches} differed.`,
    ] : []),
    ...(report.geo ? geoLines(report.geo) : []),
    '',
    mainTable(report),
    '',
    detailTable(report),
    ...(report.dispatch ? ['', ...dispatchLines(report.dispatch)] : []),
  ].join('\n');
}

/** The partner-dispatch prose line and table. */
function dispatchLines(d: DispatchSection): string[] {
  return [
    `Partner dispatch: ${d.producers} producers in flight, dispatch worker concurrency ${d.workerConcurrency} on every side;`
      + ` latency is commit → partner receipt (bare BullMQ: add → partner receipt, or → processor for the no-op row); the baseline is bare BullMQ making the same signed POST and one UPDATE;`
      + ` SQL statements / job are the app's own (\`database.statementCount()\`), or the baseline processor's; "one at a time" sends ${d.idleJobs} more jobs, each after the previous one arrived.`
      + ` The partner saw ${d.duplicates} duplicate deliveries and ${d.badSignatures} bad signatures.`,
    '',
    dispatchTable(d),
  ];
}

/** A dispatch-only run (`--dispatch`): the machine, the data set, then the dispatch figures. */
export function dispatchFigures(report: BenchReport): string {
  const m = report.machine;
  return [
    `Measured ${m.date} on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.postgres}; dispatch only (\`--dispatch\`).`,
    '',
    ...(report.dispatch ? dispatchLines(report.dispatch) : []),
  ].join('\n');
}

export const DOCS_BEGIN = '<!-- bench:figures:begin (written by `npm run bench -- --write-docs`) -->';
export const DOCS_END = '<!-- bench:figures:end -->';

/** Replaces the text between the figure markers of the docs page; refuses to guess when they are missing. */
export function writeDocs(file: string, figures: string, markers: { begin: string; end: string } = { begin: DOCS_BEGIN, end: DOCS_END }): void {
  const text = fs.readFileSync(file, 'utf8');
  const begin = text.indexOf(markers.begin);
  const end = text.indexOf(markers.end);
  if (begin < 0 || end < begin) throw new Error(`${file} has no ${markers.begin} … ${markers.end} section to rewrite`);
  fs.writeFileSync(file, `${text.slice(0, begin + markers.begin.length)}\n${figures}\n${text.slice(end)}`);
}
