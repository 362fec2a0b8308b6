import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort, terminate, track } from './processes';
import { scratchDir } from './scratch';

// TLS-only Redis for the REDIS_TLS proof: a private CA and a server certificate for 127.0.0.1 made by openssl, a
// one-node Redis Cluster and a Sentinel-managed master, every one listening on TLS only (`--port 0`), on loopback
// ports the OS had free, files in a scratch folder of the checkout. Clients need no certificate of their own.

const run = (cmd: string, args: string[], cwd?: string): Promise<string> => new Promise((resolve, reject) => {
  execFile(cmd, args, { cwd, timeout: 30_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${cmd} ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout.trim())));
});

/** A CA (ca.pem) and a certificate it signed for 127.0.0.1 and localhost (server.pem, server.key) in `dir`. */
async function makeCertificates(dir: string): Promise<void> {
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Boomerang test CA'], dir);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  fs.writeFileSync(path.join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await run('openssl', ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'san.cnf'], dir);
}

export class TlsRedis {
  private readonly children: ChildProcess[] = [];
  /** The CA to trust (NODE_EXTRA_CA_CERTS). */
  readonly ca: string;
  /** REDIS_CLUSTER_NODES of the one-node cluster, once started. */
  clusterNodes = '';
  /** REDIS_SENTINELS of the Sentinel that watches master `name`, once started. */
  sentinels = '';
  readonly name = 'tls-proof';

  private constructor(private readonly dir: string) {
    this.ca = path.join(dir, 'ca.pem');
  }

  /** Certificates, a one-node TLS cluster, and a TLS master with a TLS Sentinel. */
  static async start(): Promise<TlsRedis> {
    const redis = new TlsRedis(scratchDir('redis-tls-'));
    try {
      await makeCertificates(redis.dir);
      const [clusterPort, busPort, masterPort, sentinelPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
      await Promise.all([
        redis.server(clusterPort, ['--cluster-enabled', 'yes', '--cluster-port', String(busPort), '--tls-cluster', 'yes',
          '--cluster-config-file', `nodes-${clusterPort}.conf`, '--cluster-announce-ip', '127.0.0.1']),
        redis.server(masterPort, []),
      ]);
      await redis.cli(clusterPort, 'CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
      await redis.until('the cluster to be ok', async () => (await redis.cli(clusterPort, 'CLUSTER', 'INFO')).includes('cluster_state:ok'));
      redis.clusterNodes = `127.0.0.1:${clusterPort}`;
      // Sentinel rewrites its configuration file: one of its own. It reaches the master over TLS (tls-replication).
      const conf = path.join(redis.dir, 'sentinel.conf');
      fs.writeFileSync(conf, [
        'port 0', `tls-port ${sentinelPort}`, 'bind 127.0.0.1', `dir ${redis.dir}`, ...redis.tlsLines(), 'tls-replication yes',
        `sentinel monitor ${redis.name} 127.0.0.1 ${masterPort} 1`, `sentinel down-after-milliseconds ${redis.name} 2000`, '',
      ].join('\n'));
      await redis.spawnUntilReady(sentinelPort, [conf, '--sentinel']);
      await redis.until('the Sentinel to know the master', async () => (await redis.cli(sentinelPort, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', redis.name)).includes(String(masterPort)));
      redis.sentinels = `127.0.0.1:${sentinelPort}`;
      return redis;
    } catch (e) {
      await redis.stop();
      throw e;
    }
  }

  private tlsLines(): string[] {
    return [`tls-cert-file ${path.join(this.dir, 'server.pem')}`, `tls-key-file ${path.join(this.dir, 'server.key')}`, `tls-ca-cert-file ${this.ca}`, 'tls-auth-clients no'];
  }

  /** redis-cli over TLS, trusting the CA. */
  cli(port: number, ...args: string[]): Promise<string> {
    return run('redis-cli', ['--tls', '--cacert', this.ca, '-h', '127.0.0.1', '-p', String(port), ...args]);
  }

  private async server(port: number, extra: string[]): Promise<void> {
    const tls = this.tlsLines().flatMap((line) => { const [key, ...value] = line.split(' '); return [`--${key}`, value.join(' ')]; });
    await this.spawnUntilReady(port, [
      '--port', '0', '--tls-port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...tls, ...extra,
    ]);
  }

  private async spawnUntilReady(port: number, args: string[]): Promise<void> {
    const child = track(spawn('redis-server', args, { stdio: 'ignore' }));
    this.children.push(child);
    await this.until(`redis-server on TLS port ${port}`, async () => {
      if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited (${child.exitCode})`);
      return (await this.cli(port, 'PING')) === 'PONG';
    });
  }

  private async until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch((e) => { if (/exited/.test(String(e))) throw e; return false; }))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((c) => terminate(c, 'SIGTERM')));
  }
}
