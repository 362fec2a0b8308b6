import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';

/*
 * `npm run import -- file.jsonl [--url http://localhost:4000] [--token <admin JWT>]` (docs/importing.md): streams the
 * file to POST /imports (or, with --staged, sends it in parts, each retried, and starts it), follows bulkImport(id)
 * with a progress bar until it ends, and prints the error summary.
 * Exit code: 0 every line loaded (or unchanged); 1 some lines refused, or the import FAILED; 2 the upload was refused
 * or the command is wrong.
 */

const USAGE = `usage: npm run import -- <file.jsonl> [--url <API base URL>] [--token <admin token>] [--errors <n>] [--interval <ms>]
                         [--staged [--part-size <bytes>] [--retries <n>]]
  --url        the API's base URL (default $BOOMERANG_URL, else http://localhost:4000)
  --token      an ADMIN bearer token (default $BOOMERANG_TOKEN)
  --errors     how many refused lines to print (default 20)
  --interval   how often to ask for progress, in ms (default 500)
  --staged     send the file in parts (createStagedImport, PUT each part, startBulkImport) instead of one stream
  --part-size  bytes per part with --staged (default 8388608; at most what the API takes)
  --retries    attempts per part (and per call) with --staged after a network error or a 5xx/429 (default 5)`;

const CREATE_STAGED = `mutation($input: CreateStagedImportInput!) { createStagedImport(input: $input) {
  bulkImport { id } partsUrl maxPartBytes maxParts userErrors { code message } } }`;
const START = `mutation($input: StartBulkImportInput!) { startBulkImport(input: $input) { bulkImport { id totalLines } userErrors { code message } } }`;

const PROGRESS = `query($id: ID!, $first: Int!) { bulkImport(id: $id) {
  status totalLines processedLines failedLines createdLines updatedLines unchangedLines attempts errorCode error
  errors(first: $first) { line code message } } }`;

interface Progress {
  status: string; totalLines: number | null; processedLines: number; failedLines: number; createdLines: number; updatedLines: number;
  unchangedLines: number; attempts: number; errorCode: string | null; error: string | null; errors: Array<{ line: number; code: string; message: string }>;
}

/** Where the CLI writes: stdout for the summary, stderr for the progress bar. */
export interface Terminal { out(text: string): void; err(text: string): void; tty: boolean }

class UsageError extends Error {}

/** The API refused the upload (a 4xx or a userError): not retried, exit code 2. */
class RefusedError extends Error {}

/** What an upload answers: the import to follow. */
export interface Queued { id: string; totalLines: number | null }

function bar(done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Connection { base: string; token: string; term: Terminal }

/** POST /imports: the file as one streamed body. */
async function streamUpload(c: Connection, file: string): Promise<Queued> {
  const res = await fetch(`${c.base}/imports`, {
    method: 'POST', duplex: 'half',
    headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/x-ndjson', 'x-filename': path.basename(file) },
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
  } as RequestInit);
  const sent = await res.json().catch(() => null) as { id?: string; totalLines?: number; errors?: Array<{ message: string }> } | null;
  if (res.status !== 202 || !sent?.id) throw new RefusedError(`upload refused (HTTP ${res.status}): ${sent?.errors?.[0]?.message ?? 'no answer'}`);
  return { id: sent.id, totalLines: sent.totalLines ?? null };
}

/** Runs `attempt` until it answers; a network error or a 5xx/429 answer is tried again after a growing pause. */
async function withRetry(c: Connection, what: string, retries: number, attempt: () => Promise<Response>): Promise<Response> {
  for (let n = 1; ; n += 1) {
    let failure: string;
    try {
      const res = await attempt();
      if (res.status < 500 && res.status !== 429) return res;
      failure = `HTTP ${res.status}`;
    } catch (e) {
      failure = (e as Error).message;
    }
    if (n >= retries) throw new Error(`${what} failed ${n} times (last: ${failure})`);
    c.term.err(`${what}: ${failure}, trying again\n`);
    await sleep(Math.min(30_000, 250 * 2 ** n));
  }
}

async function graphql<T>(c: Connection, retries: number, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await withRetry(c, 'GraphQL call', retries, () => fetch(`${c.base}/graphql`, {
    method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }),
  }));
  const answer = await res.json().catch(() => null) as { data?: T; errors?: Array<{ message: string }> } | null;
  if (!answer?.data) throw new RefusedError(`refused (HTTP ${res.status}): ${answer?.errors?.[0]?.message ?? 'no answer'}`);
  return answer.data;
}

/** createStagedImport, every part PUT (each retried on its own), then startBulkImport with the part count. */
export async function stagedUpload(c: Connection, file: string, partSize: number, retries: number): Promise<Queued> {
  // One key per run: a create retried after a lost answer finds the import it made.
  const created = (await graphql<{ createStagedImport: {
    bulkImport: { id: string } | null; partsUrl: string | null; maxPartBytes: number; maxParts: number; userErrors: Array<{ message: string }>;
  } }>(c, retries, CREATE_STAGED, { input: { filename: path.basename(file), idempotencyKey: randomUUID() } })).createStagedImport;
  if (!created.bulkImport || !created.partsUrl) throw new RefusedError(`staged upload refused: ${created.userErrors[0]?.message}`);
  const size = Math.min(partSize, created.maxPartBytes);
  const total = fs.statSync(file).size;
  const parts = Math.max(1, Math.ceil(total / size));
  if (parts > created.maxParts) throw new RefusedError(`the file needs ${parts} parts of ${size} bytes; at most ${created.maxParts} are taken (raise --part-size)`);
  const handle = await fs.promises.open(file, 'r');
  try {
    for (let n = 1; n <= parts; n += 1) {
      const body = Buffer.alloc(Math.min(size, total - (n - 1) * size));
      await handle.read(body, 0, body.length, (n - 1) * size);
      const res = await withRetry(c, `part ${n}`, retries, () => fetch(`${c.base}${created.partsUrl}/${n}`, {
        method: 'PUT', headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/octet-stream' }, body,
      }));
      if (res.status !== 200) {
        const refused = await res.json().catch(() => null) as { errors?: Array<{ message: string }> } | null;
        throw new RefusedError(`part ${n} refused (HTTP ${res.status}): ${refused?.errors?.[0]?.message ?? 'no answer'}`);
      }
      if (c.term.tty) c.term.err(`\r${bar(n, parts)} part ${n}/${parts} sent`);
    }
  } finally {
    await handle.close();
  }
  if (c.term.tty) c.term.err('\n');
  const started = (await graphql<{ startBulkImport: { bulkImport: { id: string; totalLines: number | null } | null; userErrors: Array<{ code: string; message: string }> } }>(
    c, retries, START, { input: { id: created.bulkImport.id, partCount: parts } })).startBulkImport;
  // A start retried after a lost answer finds the import started: that is the import to follow.
  const refusal = started.userErrors.find((e) => e.code !== 'IMPORT_ALREADY_STARTED');
  if (refusal || !started.bulkImport) throw new RefusedError(`start refused: ${refusal?.message ?? 'not found'}`);
  return { id: started.bulkImport.id, totalLines: started.bulkImport.totalLines };
}

/** Runs the CLI; resolves with the exit code. */
export async function runImportCli(argv: string[], env: NodeJS.ProcessEnv, term: Terminal): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        url: { type: 'string' }, token: { type: 'string' }, errors: { type: 'string', default: '20' }, interval: { type: 'string', default: '500' },
        staged: { type: 'boolean', default: false }, 'part-size': { type: 'string', default: String(8 << 20) }, retries: { type: 'string', default: '5' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    term.err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) { term.out(`${USAGE}\n`); return 0; }
  try {
    if (positionals.length !== 1) throw new UsageError('give exactly one file');
    const file = positionals[0];
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
    const token = values.token ?? env.BOOMERANG_TOKEN;
    if (!token) throw new UsageError('an admin token is needed: --token or BOOMERANG_TOKEN');
    const base = (values.url ?? env.BOOMERANG_URL ?? 'http://localhost:4000').replace(/\/+$/, '').replace(/\/graphql$/, '');
    const errorCount = Number(values.errors);
    const interval = Number(values.interval);
    if (!Number.isInteger(errorCount) || errorCount < 0 || errorCount > 500) throw new UsageError('--errors: a whole number from 0 to 500');
    if (!Number.isFinite(interval) || interval < 50) throw new UsageError('--interval: at least 50 ms');
    const partSize = Number(values['part-size']);
    const retries = Number(values.retries);
    if (!Number.isInteger(partSize) || partSize < 1) throw new UsageError('--part-size: a whole number of bytes');
    if (!Number.isInteger(retries) || retries < 1 || retries > 100) throw new UsageError('--retries: a whole number from 1 to 100');

    const size = fs.statSync(file).size;
    const c: Connection = { base, token, term };
    term.err(`uploading ${path.basename(file)} (${(size / 1e6).toFixed(1)} MB) to ${base}/imports${values.staged ? ' in parts' : ''}\n`);
    let sent: Queued;
    try {
      sent = values.staged ? await stagedUpload(c, file, partSize, retries) : await streamUpload(c, file);
    } catch (e) {
      if (!(e instanceof RefusedError)) throw e;
      term.err(`${e.message}\n`);
      return 2;
    }
    term.err(`import ${sent.id}: ${sent.totalLines === null ? 'queued; the worker cuts the parts into lines first' : `${sent.totalLines} lines queued`}\n`);

    let last: Progress;
    let lastPrinted = 0;
    for (;;) {
      const answer = await fetch(`${base}/graphql`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: PROGRESS, variables: { id: sent.id, first: errorCount || 1 } }),
      }).then((r) => r.json()) as { data?: { bulkImport: Progress | null }; errors?: Array<{ message: string }> };
      if (!answer.data?.bulkImport) {
        term.err(`cannot follow the import: ${answer.errors?.[0]?.message ?? 'not found'}\n`);
        return 1;
      }
      last = answer.data.bulkImport;
      const line = `${bar(last.processedLines, last.totalLines ?? 0)} ${last.processedLines}/${last.totalLines ?? '?'} lines, ${last.failedLines} refused (${last.status})`;
      if (term.tty) term.err(`\r${line}`);
      else if (Date.now() - lastPrinted > 5000 || last.status === 'SUCCEEDED' || last.status === 'FAILED') { term.err(`${line}\n`); lastPrinted = Date.now(); }
      if (last.status === 'SUCCEEDED' || last.status === 'FAILED') break;
      await sleep(interval);
    }
    if (term.tty) term.err('\n');
    term.out(`${last.status}: ${last.processedLines} lines processed — ${last.createdLines} created, ${last.updatedLines} updated, `
      + `${last.unchangedLines} unchanged, ${last.failedLines} refused\n`);
    if (last.status === 'FAILED') term.out(`import failed (${last.errorCode}): ${last.error}\n`);
    if (last.failedLines > 0 && errorCount > 0) {
      term.out(`refused lines${last.failedLines > last.errors.length ? ` (first ${last.errors.length} of ${last.failedLines})` : ''}:\n`);
      for (const e of last.errors) term.out(`  line ${e.line}: ${e.code} ${e.message}\n`);
    }
    return last.status === 'SUCCEEDED' && last.failedLines === 0 ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) { term.err(`${e.message}\n${USAGE}\n`); return 2; }
    term.err(`import failed: ${(e as Error).message}\n`);
    return 2;
  }
}

if (require.main === module) {
  runImportCli(process.argv.slice(2), process.env, {
    out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), tty: Boolean(process.stderr.isTTY),
  }).then((code) => { process.exitCode = code; }, (e: unknown) => { console.error(e); process.exitCode = 2; });
}
