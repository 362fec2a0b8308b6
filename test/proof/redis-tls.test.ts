import { importOrders, orderInput } from '../support/fixtures';
import {
  createMerchant, expectDeliveredOnce, remoteApi, requestOneReturn, startWorld, stopWorld, type ProofWorld,
} from '../support/processes';
import { TlsRedis } from '../support/redis-tls';

// REDIS_TLS on TLS-only Redis (`--port 0 --tls-port`, a private CA made by openssl, trusted through Node's own
// NODE_EXTRA_CA_CERTS): an `all` process on a one-node Redis Cluster, and one on a Sentinel-managed master with the
// Sentinel on TLS too, each ready and delivering a partner call once; the same process without REDIS_TLS is not ready.
let tls: TlsRedis | undefined;
let world: ProofWorld | undefined;
/** One merchant partner for both topologies (created by the first), and the calls it has had so far. */
let partnerId: string | undefined;
let delivered = 0;

beforeAll(async () => {
  const started = TlsRedis.start();
  started.catch(() => undefined);
  world = await startWorld({ REDIS_URL: '', QUEUE_PREFIX: `{proof-tls-${process.pid}}` });
  tls = await started;
}, 120_000);

afterAll(async () => {
  await stopWorld(world);
  await tls?.stop();
}, 60_000);

const readyz = async (url: string): Promise<number> => (await fetch(url.replace('/graphql', '/readyz'), { signal: AbortSignal.timeout(10_000) })).status;

const topologies = () => ({
  cluster: { REDIS_CLUSTER_NODES: tls!.clusterNodes },
  sentinel: { REDIS_SENTINELS: tls!.sentinels, REDIS_SENTINEL_NAME: tls!.name },
});

test.each(['cluster', 'sentinel'] as const)('REDIS_TLS to a TLS-only Redis %s: ready, and a partner call delivered once', (kind) => world!.procs.withDump(async () => {
  const proc = await world!.procs.start('all', `tls-${kind}`, { ...topologies()[kind], REDIS_TLS: 'true', NODE_EXTRA_CA_CERTS: tls!.ca });
  const api = remoteApi(proc.url);
  expect(await readyz(proc.url)).toBe(200);
  partnerId ??= await createMerchant(api, world!.merchant.url);
  const [order] = await importOrders(api, [orderInput()]);
  await requestOneReturn(api, await api.token('CUSTOMER', 'cust-a'), order);
  await expectDeliveredOnce(api, world!.merchant, partnerId, ++delivered);
  await proc.stop();
}), 90_000);

test('without REDIS_TLS the same TLS-only cluster is unreachable: the API starts but is not ready', () => world!.procs.withDump(async () => {
  const proc = await world!.procs.start('api', 'plain-on-tls', topologies().cluster);
  expect(await readyz(proc.url)).toBe(503);
  await proc.stop();
}), 60_000);
