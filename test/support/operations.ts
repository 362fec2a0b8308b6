import type { TestApi } from './harness';

/** What tests select of an operation's result by default: the refresh summary, the model's version and activity. */
export const RESULT_FIELDS = `... on AnalyticsRefreshSummary { mode orderDays salesRows returnRows customers changedSince refreshedAt durationMs }
  ... on ReturnRiskModel { version active }`;

/** The AdminOperation fields tests look at, with `result` as selected (RESULT_FIELDS unless given). */
export const operationFields = (result = RESULT_FIELDS) => `id kind status progress phase attempts errorCode error input requestedBy requestedAt
  startedAt finishedAt heartbeatAt result { __typename ${result} }`;

/** An admin operation as a client reads it. */
export interface OperationView {
  id: string; kind: string; status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED'; progress: number; phase: string | null; attempts: number;
  errorCode: string | null; error: string | null; input: Record<string, unknown>; requestedBy: string; requestedAt: string;
  startedAt: string | null; finishedAt: string | null; heartbeatAt: string | null; result: any;
}

/** Reads one admin operation as `token` (an admin), its result selected by `result` (RESULT_FIELDS unless given). */
export async function readOperation(api: Pick<TestApi, 'gql'>, id: string, token: string, result?: string): Promise<OperationView> {
  const res = await api.gql(`query($id: ID!) { adminOperation(id: $id) { ${operationFields(result)} } }`, { id }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  if (!res.data.adminOperation) throw new Error(`no admin operation ${id}`);
  return res.data.adminOperation;
}

/**
 * Polls an admin operation (refreshAnalytics, trainReturnRiskModel) until it is SUCCEEDED or FAILED and returns it;
 * fails the test after `timeoutMs`. The mutations answer at once; this is how a client waits for the work.
 */
export async function waitForOperation(
  api: Pick<TestApi, 'gql'>, id: string, token: string, opts: { result?: string; timeoutMs?: number } = {},
): Promise<OperationView> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  for (;;) {
    const op = await readOperation(api, id, token, opts.result);
    if (op.status === 'SUCCEEDED' || op.status === 'FAILED') return op;
    if (Date.now() > deadline) throw new Error(`operation still ${op.status} after ${opts.timeoutMs ?? 120_000} ms: ${JSON.stringify(op)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
