import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { SignJWT } from 'jose';
import { decodeGlobalId } from '../../src/domain/ids';
import { importOrders, orderInput } from './fixtures';
import { JWT_SECRET, createTestDatabase, metricSample, type GqlResponse, type TestApi } from './harness';
import { eventually } from './partner-server';
import { CACHE_DIR, ROOT, scratchRoot } from './scratch';

// Real processes for the proof tests: the built entry point (`node dist/src/main.js api|worker`), a redis-server of
// the test's own, and a loopback merchant that books once per Idempotency-Key. Everything started here is tracked
// and killed when the test process exits, whatever happened.

export { ROOT };
const BUILD_CACHE = path.join(CACHE_DIR, 'proof-build');

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Kills the child (SIGKILL) when the test process exits, if it is still running then. */
export function track<C extends ChildProcess>(child: C): C {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Resolves when the child has exited; SIGKILLs it if `signal` did not end it within `timeoutMs`. */
export async function terminate(child: ChildProcess, signal: NodeJS.Signals, timeoutMs = 10_000): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? sig)));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

function hashTree(hash: ReturnType<typeof createHash>, rel: string): void {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return;
  if (fs.statSync(abs).isDirectory()) {
    for (const name of fs.readdirSync(abs).sort()) hashTree(hash, path.join(rel, name));
  } else {
    hash.update(`${rel}\0`).update(fs.readFileSync(abs)).update('\0');
  }
}

/**
 * Compiles the app with tsconfig.build.json into a private folder `.cache/proof-build/<hash>/` of this checkout (never
 * into dist/, which other test files rebuild while processes run from it) and returns the path of its main.js. The
 * folder is keyed by a hash of the sources, so test files running at once, and reruns of unchanged code, share one
 * build: it is compiled under a temporary name and renamed into place, and whoever renames first wins. Folders
 * unused for a day are pruned. The folder gets package.json and relative links to node_modules and migrations, as the
 * app expects; being inside the checkout, it can never point at another checkout's node_modules.
 */
export async function buildOnce(): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of ['src', 'integrations', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']) hashTree(hash, rel);
  const dir = path.join(BUILD_CACHE, hash.digest('hex').slice(0, 16));
  const main = path.join(dir, 'src', 'main.js');
  if (!fs.existsSync(main)) {
    fs.mkdirSync(BUILD_CACHE, { recursive: true });
    const tmp = fs.mkdtempSync(`${dir}-tmp-`);
    try {
      await new Promise<void>((resolve, reject) => {
        // A build info file of its own: written over dist/.tsbuildinfo, it would describe this folder, and the next
        // `npm run build` could take a stale dist/ for current.
        execFile(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', tmp, '--tsBuildInfoFile', path.join(tmp, '.tsbuildinfo')],
          { cwd: ROOT, timeout: 300_000 }, (err, stdout, stderr) => (err ? reject(new Error(`build failed:\n${stdout}${stderr}`)) : resolve()));
      });
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(tmp, 'package.json'));
      for (const link of ['node_modules', 'migrations']) fs.symlinkSync(path.relative(tmp, path.join(ROOT, link)), path.join(tmp, link), 'dir');
      try {
        fs.renameSync(tmp, dir);
      } catch {
        // Another test file finished the same build first: use that one.
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const now = new Date();
  fs.utimesSync(dir, now, now);
  for (const name of fs.readdirSync(BUILD_CACHE)) {
    const other = path.join(BUILD_CACHE, name);
    if (other === dir) continue;
    try {
      if (Date.now() - fs.statSync(other).mtimeMs > 24 * 3600_000) fs.rmSync(other, { recursive: true, force: true });
    } catch {
      // Pruned by someone else meanwhile.
    }
  }
  return main;
}

/** A free TCP port on loopback (free when asked; the caller binds it right away). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** A redis-server of the test's own on a free port: in memory only, stoppable and restartable on the same port. */
export class RedisServer {
  private child: ChildProcess | null = null;
  private constructor(readonly port: number) {}

  /** Starts on a port the OS had free; if something else took it before redis-server bound it, on another one. */
  static async start(): Promise<RedisServer> {
    for (let attempt = 1; ; attempt++) {
      const server = new RedisServer(await freePort());
      try {
        await server.restart();
        return server;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts (again) on the same port and resolves once it answers PING. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('redis-server is already running');
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', CACHE_DIR],
      { stdio: 'ignore' });
    live.add(child);
    child.once('exit', () => live.delete(child));
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await redisPing(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await this.stop();
        throw new Error(`redis-server did not come up on port ${this.port}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops it (SIGTERM: no snapshot, as started) and waits for the exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child) await terminate(child, 'SIGTERM', 5000);
  }
}

/** One running Boomerang process. */
export interface BoomerangProcess {
  name: string;
  role: 'api' | 'worker' | 'all';
  pid: number;
  /** The GraphQL URL (api and all roles). */
  url: string;
  /** The worker role's health listener (http://127.0.0.1:PORT) when HEALTH_PORT is set. */
  health: string;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  alive(): boolean;
  /** Sends the signal and waits for the exit (SIGKILL after 10 s). */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/** The processes one test file started; stopAll() in afterAll (and after a failed step) leaves nothing running. */
export class ProcessSet {
  private readonly procs: BoomerangProcess[] = [];

  constructor(private readonly main: string, private readonly baseEnv: Record<string, string>) {}

  /** Spawns `node main.js <role>` and resolves once its banner is printed (rejects if it exits or takes > 45 s). */
  async start(role: 'api' | 'worker' | 'all', name: string, env: Record<string, string> = {}): Promise<BoomerangProcess> {
    const { proc, child } = this.launch(role, name, env);
    // The banner ends with a blank line (after the demo seed's lines, when it seeds).
    const banner = role !== 'worker' ? /Boomerang GraphQL API: (\S+)\n(?:[^\n]+\n)+\n/ : /Boomerang worker running(?: \(health: (\S+)\))?\n[^\n]*\n\n/;
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null, sig: string | null) => { cleanup(); reject(new Error(`${name} exited (${code ?? sig}) before its banner:\n${proc.output()}`)); };
      const timer = setTimeout(() => { cleanup(); reject(new Error(`${name}: no banner within 45 s:\n${proc.output()}`)); }, 45_000);
      const check = () => {
        const m = banner.exec(proc.output());
        if (!m) return;
        cleanup();
        if (m[1] && role !== 'worker') proc.url = m[1].replace('localhost', '127.0.0.1');
        if (m[1] && role === 'worker') proc.health = m[1].replace('localhost', '127.0.0.1');
        resolve();
      };
      const cleanup = () => { clearTimeout(timer); child.stdout!.off('data', check); child.off('exit', onExit); };
      child.stdout!.on('data', check);
      child.once('exit', onExit);
    });
    return proc;
  }

  /** Spawns `node main.js <role>` without waiting for anything (start-up itself is under test). */
  spawn(role: 'api' | 'worker' | 'all', name: string, env: Record<string, string> = {}): BoomerangProcess & { exited: Promise<{ code: number | null; signal: string | null }> } {
    const { proc, child } = this.launch(role, name, env);
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
      else child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    return Object.assign(proc, { exited });
  }

  private launch(role: 'api' | 'worker' | 'all', name: string, env: Record<string, string>): { proc: BoomerangProcess; child: ChildProcess } {
    const child = spawn(process.execPath, [this.main, role], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? CACHE_DIR, TMPDIR: scratchRoot(), ...this.baseEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    let out = '';
    const append = (d: Buffer) => { out = (out + d.toString()).slice(-200_000); };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    const proc: BoomerangProcess = {
      name, role, pid: child.pid ?? -1, url: '', health: '',
      output: () => out,
      alive: () => child.exitCode === null && child.signalCode === null,
      stop: (signal = 'SIGTERM') => terminate(child, signal),
    };
    this.procs.push(proc);
    return { proc, child };
  }

  /** SIGTERMs every process still running (SIGKILL after 10 s) and waits for them. */
  async stopAll(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.stop('SIGTERM')));
  }

  /** Runs fn; a failure is rethrown with the last lines every process printed. */
  async withDump<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw new Error(`${e instanceof Error ? e.stack : String(e)}\n${this.dump()}`, { cause: e });
    }
  }

  /** The last lines every process printed, for failure messages. */
  dump(): string {
    return this.procs.map((p) => `--- ${p.name} (${p.alive() ? 'running' : 'exited'}) ---\n${p.output().slice(-4000)}`).join('\n');
  }
}

/** What the proofs need from an API. */
export type RemoteApi = Pick<TestApi, 'url' | 'gql' | 'post' | 'token'>;

/**
 * An HTTP client for a Boomerang API process, signing tokens with the harness's JWT_SECRET. It is a TestApi, so the
 * fixtures work with it; the in-process members (app, statements) throw, and stop() is the ProcessSet's job.
 */
export function remoteApi(url: string): TestApi {
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(20_000) });
    return { status: res.status, text: await res.text() };
  };
  const inProcessOnly = (): never => { throw new Error('this API runs in another process'); };
  return {
    url,
    post,
    gql: async <T = any>(query: string, variables: Record<string, unknown> = {}, token: string | null = null): Promise<GqlResponse<T>> => {
      const res = await post(JSON.stringify({ query, variables }), token ? { authorization: `Bearer ${token}` } : {});
      return { status: res.status, ...JSON.parse(res.text) };
    },
    token: (role, sub) => new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET)),
    get app(): never { return inProcessOnly(); },
    statements: inProcessOnly,
    metric: (sample) => metricSample(url, sample),
    stop: async () => undefined,
  };
}

/** An integration job as an admin sees it, with `key`: the raw row id, which is the Idempotency-Key partners get. */
export interface JobView { id: string; key: string; type: string; status: string; attempts: number; lastError: string | null }

/** Every integration job (up to 100), newest first, read as ADMIN through the API. */
export async function integrationJobs(api: RemoteApi, partnerId?: string): Promise<JobView[]> {
  const res = await api.gql(`query($f: IntegrationJobFilter) { integrationJobs(first: 100, filter: $f) { edges { node {
    id type status attempts lastError } } } }`, { f: partnerId ? { partnerId } : {} }, await api.token('ADMIN', 'admin-1'));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.integrationJobs.edges.map((e: any) => ({ ...e.node, key: decodeGlobalId(e.node.id)!.id }));
}

/**
 * Waits until the partner has `n` integration jobs, all SUCCEEDED, waits a little more for a late duplicate to show,
 * and checks that the merchant got each job's key exactly once (its Idempotency-Key), answered 200. Returns the jobs.
 */
export async function expectDeliveredOnce(api: RemoteApi, merchant: BookingMerchant, partnerId: string, n: number, timeoutMs = 60_000): Promise<JobView[]> {
  const jobs = await eventually(async () => {
    const all = await integrationJobs(api, partnerId);
    return all.length === n && all.every((j) => j.status === 'SUCCEEDED') ? all : null;
  }, timeoutMs, 200);
  await new Promise((r) => setTimeout(r, 1500));
  expect(merchant.calls).toHaveLength(n);
  expect([...merchant.bookings()].sort()).toEqual(jobs.map((j) => j.key).sort());
  expect(merchant.calls.every((c) => c.status === 200)).toBe(true);
  return jobs;
}

/** Requests a return of one unit of the order's first line as `token` (a customer) and expects success. */
export async function requestOneReturn(api: RemoteApi, token: string, order: { id: string; lines: Array<{ id: string }> }): Promise<{ id: string; status: string }> {
  const res = await api.gql(`mutation($input: RequestReturnInput!) { requestReturn(input: $input) { return { id status } userErrors { code message } } }`,
    { input: { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE' }] } }, token);
  if (res.errors || res.data.requestReturn.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data.requestReturn.userErrors));
  return res.data.requestReturn.return;
}

/** Imports one order and requests a return of it as `token` (its customer, cust-a): one return.requested event. */
export async function newReturn(api: RemoteApi, token: string): Promise<void> {
  const [order] = await importOrders(api as TestApi, [orderInput()]);
  await requestOneReturn(api, token, order);
}

/** The partner's integration job whose raw id (the Idempotency-Key) is `key`. */
export async function jobByKey(api: RemoteApi, partnerId: string, key: string): Promise<JobView | undefined> {
  return (await integrationJobs(api, partnerId)).find((j) => j.key === key);
}

/** Waits (up to timeoutMs) until that job is SUCCEEDED and returns it. */
export function succeededJob(api: RemoteApi, partnerId: string, key: string, timeoutMs = 20_000): Promise<JobView> {
  return eventually(async () => { const j = await jobByKey(api, partnerId, key); return j?.status === 'SUCCEEDED' ? j : null; }, timeoutMs, 100);
}

/** Creates a MERCHANT partner on the boomerang-merchant-v1 adapter (every event, unless `events`) and returns its id. */
export async function createMerchant(api: RemoteApi, endpoint: string, events: string[] = ['return.requested']): Promise<string> {
  const res = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code message } } }`,
    { input: { kind: 'MERCHANT', name: 'Proof shop', adapter: 'boomerang-merchant-v1', endpoint, capabilities: { events } } }, await api.token('ADMIN', 'admin-1'));
  if (res.errors || res.data.createPartner.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data.createPartner.userErrors));
  return res.data.createPartner.partner.id;
}

/** One request the loopback merchant received. */
export interface MerchantCall {
  key: string;
  path: string;
  body: string;
  receivedAt: number;
  /** The status it answered; null while held, or when the caller went away before the answer. */
  status: number | null;
  /** The caller closed the connection before it was answered (the caller died or timed out). */
  abandoned: boolean;
}

/** What the merchant answers next: a status, optionally after holding the request open. */
export interface MerchantReply { status: number; holdMs?: number }

/**
 * A loopback merchant that books once per Idempotency-Key, as the partner protocol asks: repeats of a key are the
 * same booking. Records every call, how many were in flight at once, and which a caller abandoned.
 */
export class BookingMerchant {
  readonly calls: MerchantCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  fallback: MerchantReply = { status: 200 };
  url = '';
  private script: MerchantReply[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const call: MerchantCall = { key: String(req.headers['idempotency-key'] ?? ''), path: req.url ?? '', body, receivedAt: Date.now(), status: null, abandoned: false };
      this.calls.push(call);
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      const reply = this.script.shift() ?? this.fallback;
      let finished = false;
      const finish = () => { if (!finished) { finished = true; this.inFlight -= 1; } };
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (res.destroyed) return;
        call.status = reply.status;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(reply.status < 300 ? '{"booked":true}' : '{"error":"try later"}');
      }, reply.holdMs ?? 0);
      this.timers.add(timer);
      res.once('close', () => {
        finish();
        if (call.status === null) {
          call.abandoned = true;
          clearTimeout(timer);
          this.timers.delete(timer);
        }
      });
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Queues replies for the next calls (then `fallback`). */
  next(...replies: MerchantReply[]): void {
    this.script.push(...replies);
  }

  /** Distinct bookings: one per Idempotency-Key, however often it was sent. */
  bookings(): Set<string> {
    return new Set(this.calls.map((c) => c.key));
  }

  callsFor(key: string): MerchantCall[] {
    return this.calls.filter((c) => c.key === key);
  }

  stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** Everything one proof file runs on: its build, redis-server, database, loopback merchant and processes. */
export interface ProofWorld {
  redis: RedisServer;
  db: { url: string; drop(): Promise<void> };
  merchant: BookingMerchant;
  procs: ProcessSet;
}

/**
 * Builds (or reuses the build), starts a redis-server and a merchant and creates a database, and returns a ProcessSet
 * whose processes get the test environment plus `env`. On failure, whatever was started is stopped again.
 */
export async function startWorld(env: Record<string, string> = {}): Promise<ProofWorld> {
  const built = buildOnce();
  built.catch(() => undefined);
  const world: Partial<ProofWorld> = {};
  try {
    world.redis = await RedisServer.start();
    world.db = await createTestDatabase();
    world.merchant = await new BookingMerchant().start();
    world.procs = new ProcessSet(await built, {
      NODE_ENV: 'test', DATABASE_URL: world.db.url, REDIS_URL: world.redis.url, QUEUE_PREFIX: `proof_${randomBytes(4).toString('hex')}`,
      JWT_SECRET, PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false', INTEGRATION_BACKOFF_MS: '100', OUTBOX_SWEEP_MS: '300', ...env,
    });
    return world as ProofWorld;
  } catch (e) {
    await stopWorld(world);
    throw e;
  }
}

/** A world with an API process, a MERCHANT partner on the loopback merchant, and cust-a's token (the proofs' usual cast). */
export interface MerchantWorld { world: ProofWorld; api: TestApi; partnerId: string; customer: string }

/** startWorld(env), then an API process, the merchant partner and a customer token; the world is stopped on failure. */
export async function startMerchantWorld(env: Record<string, string> = {}): Promise<MerchantWorld> {
  const world = await startWorld(env);
  try {
    return await world.procs.withDump(async () => {
      const api = remoteApi((await world.procs.start('api', 'api')).url);
      return { world, api, partnerId: await createMerchant(api, world.merchant.url), customer: await api.token('CUSTOMER', 'cust-a') };
    });
  } catch (e) {
    await stopWorld(world);
    throw e;
  }
}

/** Stops the processes, the merchant and redis-server, and drops the database (each part only if it was started). */
export async function stopWorld(world: Partial<ProofWorld> | undefined): Promise<void> {
  await world?.procs?.stopAll();
  await world?.merchant?.stop();
  await world?.redis?.stop();
  await world?.db?.drop();
}
