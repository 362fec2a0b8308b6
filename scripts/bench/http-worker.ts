import { parentPort } from 'node:worker_threads';
import { checkAnswer, type Check, type PlannedRequest } from './http-load';
import { JsonClient, runLoad } from './load';

/*
 * The bench's HTTP load generator thread (see http-load.ts): runs one plan's requests at a time with the asked
 * concurrency, keep-alive connections per URL, and answers the run's latencies and failures.
 */

interface RunMessage { id: number; label: string; url: string; check: Check; requests: PlannedRequest[]; concurrency: number; timeLimitMs: number }

const clients = new Map<string, JsonClient>();

parentPort?.on('message', (m: RunMessage) => {
  let client = clients.get(m.url);
  if (!client) {
    client = new JsonClient(m.url, Math.max(16, m.concurrency));
    clients.set(m.url, client);
  }
  const c = client;
  let listItems = 0;
  runLoad(async (i) => {
    const { body, headers } = m.requests[i];
    const res = await c.postRaw<{ data?: unknown; errors?: unknown }>(body, headers);
    listItems += checkAnswer(m.label, res.status, res.body, m.check);
  }, { count: m.requests.length, concurrency: m.concurrency, timeLimitMs: m.timeLimitMs }).then(
    (result) => parentPort!.postMessage({ id: m.id, result: { ...result, listItems } }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
