import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './processes';
import { scratchDir } from './scratch';

// A real PgBouncer (Debian's package, installed by .ci/run) in front of the test PostgreSQL, as production runs it:
// transaction pooling, so consecutive statements of one client may land on different server connections.

const PGBOUNCER = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((p) => fs.existsSync(p)) ?? 'pgbouncer';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
}

export interface PgBouncerOptions {
  /** pool_mode (default transaction). */
  poolMode?: 'transaction' | 'session';
  /** Server connections per database/user pair (default 4: few, so clients share and switch backends). */
  poolSize?: number;
  /** Where PostgreSQL listens (default 127.0.0.1:5432). */
  upstream?: { host: string; port: number };
}

/** One pgbouncer process on a free loopback port, forwarding every database name to the upstream PostgreSQL. */
export class PgBouncer {
  private constructor(readonly port: number, private readonly child: ChildProcess, private readonly dir: string, readonly log: () => string) {}

  static async start(options: PgBouncerOptions = {}): Promise<PgBouncer> {
    const upstream = options.upstream ?? { host: '127.0.0.1', port: 5432 };
    const dir = scratchDir('pgbouncer-');
    // pgbouncer refuses to run as root; as root it is started as the postgres user, which must read its files.
    fs.chmodSync(dir, 0o755);
    const users = path.join(dir, 'users.txt');
    fs.writeFileSync(users, '"postgres" ""\n', { mode: 0o644 });
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const ini = path.join(dir, 'pgbouncer.ini');
      fs.writeFileSync(ini, [
        '[databases]',
        `* = host=${upstream.host} port=${upstream.port}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        'unix_socket_dir =',
        'auth_type = trust',
        `auth_file = ${users}`,
        `pool_mode = ${options.poolMode ?? 'transaction'}`,
        `default_pool_size = ${options.poolSize ?? 4}`,
        'max_client_conn = 2000',
        'max_db_connections = 0',
        // No ignore_startup_parameters: postgres.js sends only user, database, client_encoding and application_name,
        // which PgBouncer handles itself (docs/database.md).
        '',
      ].join('\n'), { mode: 0o644 });
      const asRoot = process.getuid?.() === 0;
      const child = spawn(PGBOUNCER, [...(asRoot ? ['-u', 'postgres'] : []), ini], { stdio: ['ignore', 'pipe', 'pipe'] });
      live.add(child);
      child.once('exit', () => live.delete(child));
      let output = '';
      child.stdout?.on('data', (d) => { output += d; });
      child.stderr?.on('data', (d) => { output += d; });
      const bouncer = new PgBouncer(port, child, dir, () => output);
      const deadline = Date.now() + 10_000;
      while (child.exitCode === null && Date.now() < deadline && !(await accepts(port))) await new Promise((r) => setTimeout(r, 50));
      if (child.exitCode === null && (await accepts(port))) return bouncer;
      await bouncer.stop();
      if (attempt === 3) throw new Error(`pgbouncer did not start on port ${port}:\n${output}`);
    }
  }

  /** The same database URL, through this PgBouncer. */
  url(databaseUrl: string): string {
    const u = new URL(databaseUrl);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** Stops it (SIGINT: immediate shutdown) and removes its folder. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
