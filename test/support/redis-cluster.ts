import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { terminate, track } from './processes';
import { scratchDir } from './scratch';

// Real Redis topologies for the proof tests, of `redis-server` processes on loopback ports the OS had free, with
// their files in a scratch folder of the checkout: a Redis Cluster (masters with replicas) and a Sentinel-managed
// master with a replica. Each can fail over its master on demand, as an operator's maintenance would.

/** Runs redis-cli against one node and returns its trimmed output. */
export function redisCli(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`redis-cli -p ${port} ${args.join(' ')}: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/**
 * `n` ports that are free, each with port + 10000 free too (a cluster node's bus), from a random start in 20000–29999:
 * below the usual ephemeral range, so the OS is unlikely to hand one out meanwhile.
 */
async function clusterPorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let port = 20_000 + Math.floor(Math.random() * 9_000); ports.length < n && port < 30_000; port++) {
    if ((await portFree(port)) && (await portFree(port + 10_000))) ports.push(port);
  }
  if (ports.length < n) throw new Error('no free ports for a Redis Cluster in 20000-29999');
  return ports;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts redis-server with `args` (or a config file first) and resolves once it answers PING. */
async function startNode(port: number, args: string[]): Promise<ChildProcess> {
  const child = track(spawn('redis-server', args, { stdio: 'ignore' }));
  await until(`redis-server on port ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited (${child.exitCode})`);
    return (await redisCli(port, 'PING')) === 'PONG';
  }, 15_000).catch(async (e) => {
    await terminate(child, 'SIGKILL');
    throw e;
  });
  return child;
}

/** Three tries: the ports are picked free, but another process may bind one before redis-server does. */
async function withRetries<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

/** In memory, loopback only, files in `dir`. */
const nodeArgs = (port: number, dir: string) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];

/** One line of CLUSTER NODES. */
interface ClusterNode { id: string; port: number; master: boolean; masterId: string; slots: Array<[number, number]> }

function parseClusterNodes(text: string): ClusterNode[] {
  return text.split('\n').filter(Boolean).map((line) => {
    const [id, addr, flags, masterId, , , , , ...slots] = line.split(' ');
    return {
      id, port: Number(/:(\d+)@/.exec(addr)![1]), master: flags.split(',').includes('master'), masterId,
      slots: slots.filter((s) => !s.startsWith('[')).map((s) => {
        const [from, to] = s.split('-').map(Number);
        return [from, to ?? from] as [number, number];
      }),
    };
  });
}

/** A Redis Cluster of `masters` masters with `replicas` replicas each, on loopback. */
export class RedisCluster {
  private constructor(readonly ports: number[], private readonly children: ChildProcess[], private readonly dir: string) {}

  /** Starts and joins the nodes; if a port was taken meanwhile (another test file), again on other ports. */
  static start(masters = 3, replicas = 1): Promise<RedisCluster> {
    return withRetries(() => RedisCluster.startOnce(masters, replicas));
  }

  private static async startOnce(masters: number, replicas: number): Promise<RedisCluster> {
    const dir = scratchDir('redis-cluster-');
    const ports = await clusterPorts(masters * (1 + replicas));
    const children: ChildProcess[] = [];
    const cluster = new RedisCluster(ports, children, dir);
    try {
      children.push(...await Promise.all(ports.map((port) => startNode(port, [
        ...nodeArgs(port, dir), '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000',
      ]))));
      await redisCli(ports[0], '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes');
      await until('every node to see the cluster ok', async () => {
        const infos = await Promise.all(ports.map((p) => redisCli(p, 'CLUSTER', 'INFO')));
        return infos.every((i) => i.includes('cluster_state:ok') && i.includes(`cluster_known_nodes:${ports.length}`));
      });
      return cluster;
    } catch (e) {
      await cluster.stop();
      throw e;
    }
  }

  /** REDIS_CLUSTER_NODES for the whole cluster. */
  get seeds(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  /** The ports of the master serving `key`'s slot and of its replica, as `port`'s node sees the cluster. */
  async ownerOf(key: string, port = this.ports[0]): Promise<{ slot: number; master: number; replica: number }> {
    const slot = Number(await redisCli(port, 'CLUSTER', 'KEYSLOT', key));
    const nodes = parseClusterNodes(await redisCli(port, 'CLUSTER', 'NODES'));
    const master = nodes.find((n) => n.master && n.slots.some(([from, to]) => slot >= from && slot <= to));
    const replica = nodes.find((n) => !n.master && n.masterId === master?.id);
    if (!master || !replica) throw new Error(`no master with a replica for slot ${slot}`);
    return { slot, master: master.port, replica: replica.port };
  }

  /**
   * `CLUSTER FAILOVER` on the replica of the master serving `key`'s slot (the coordinated failover of maintenance: the
   * replica catches up, then takes over), and waits until every node sees the replica as the slot's master.
   */
  async failover(key: string): Promise<{ from: number; to: number }> {
    const { master, replica } = await this.ownerOf(key);
    const answer = await redisCli(replica, 'CLUSTER', 'FAILOVER');
    if (answer !== 'OK') throw new Error(`CLUSTER FAILOVER answered ${answer}`);
    await until(`port ${replica} to serve ${key} on every node`, async () => {
      const views = await Promise.all(this.ports.map((p) => this.ownerOf(key, p)));
      const infos = await Promise.all(this.ports.map((p) => redisCli(p, 'CLUSTER', 'INFO')));
      return views.every((v) => v.master === replica) && infos.every((i) => i.includes('cluster_state:ok'));
    });
    return { from: master, to: replica };
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((c) => terminate(c, 'SIGTERM', 5000)));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A master and a replica watched by one Sentinel, which fails the master over on demand. */
export class RedisSentinels {
  private constructor(
    readonly name: string, readonly sentinelPort: number, readonly ports: number[], private readonly children: ChildProcess[], private readonly dir: string,
  ) {}

  static start(name = 'boomerang'): Promise<RedisSentinels> {
    return withRetries(() => RedisSentinels.startOnce(name));
  }

  private static async startOnce(name: string): Promise<RedisSentinels> {
    const dir = scratchDir('redis-sentinel-');
    const [master, replica, sentinel] = await clusterPorts(3);
    const children: ChildProcess[] = [];
    const set = new RedisSentinels(name, sentinel, [master, replica], children, dir);
    try {
      children.push(await startNode(master, nodeArgs(master, dir)));
      children.push(await startNode(replica, [...nodeArgs(replica, dir), '--replicaof', '127.0.0.1', String(master)]));
      await until('the replica to sync', async () => (await redisCli(replica, 'INFO', 'replication')).includes('master_link_status:up'));
      // A Sentinel rewrites its configuration file: one of its own in the scratch folder.
      const conf = path.join(dir, 'sentinel.conf');
      fs.writeFileSync(conf, [
        `port ${sentinel}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor ${name} 127.0.0.1 ${master} 1`,
        `sentinel down-after-milliseconds ${name} 2000`, `sentinel failover-timeout ${name} 10000`, '',
      ].join('\n'));
      children.push(await startNode(sentinel, [conf, '--sentinel']));
      await until('the Sentinel to know the replica', async () => (await redisCli(sentinel, 'SENTINEL', 'REPLICAS', name)).includes(String(replica)));
      return set;
    } catch (e) {
      await set.stop();
      throw e;
    }
  }

  /** REDIS_SENTINELS. */
  get sentinels(): string {
    return `127.0.0.1:${this.sentinelPort}`;
  }

  /** The port of the current master, as the Sentinel says. */
  async master(): Promise<number> {
    return Number((await redisCli(this.sentinelPort, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', this.name)).split('\n')[1]);
  }

  /** `SENTINEL FAILOVER`, then waits until the replica is the master and the old master replicates from it. */
  async failover(): Promise<{ from: number; to: number }> {
    const from = await this.master();
    const to = this.ports.find((p) => p !== from)!;
    await redisCli(this.sentinelPort, 'SENTINEL', 'FAILOVER', this.name);
    await until(`port ${to} to be the master`, async () => (await this.master()) === to
      && (await redisCli(to, 'ROLE')).startsWith('master')
      && (await redisCli(from, 'INFO', 'replication')).includes('master_link_status:up'));
    return { from, to };
  }

  async stop(): Promise<void> {
    await Promise.all(this.children.map((c) => terminate(c, 'SIGTERM', 5000)));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
