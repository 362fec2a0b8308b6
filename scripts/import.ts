import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';

/*
 * `npm run import -- file.jsonl [--url http://localhost:4000] [--token <admin JWT>]` (docs/importing.md): streams the
 * file to POST /imports, follows bulkImport(id) with a progress bar until it ends, and prints the error summary.
 * Exit code: 0 every line loaded (or unchanged); 1 some lines refused, or the import FAILED; 2 the upload was refused
 * or the command is wrong.
 */

const USAGE = `usage: npm run import -- <file.jsonl> [--url <API base URL>] [--token <admin token>] [--errors <n>] [--interval <ms>]
  --url       the API's base URL (default $BOOMERANG_URL, else http://localhost:4000)
  --token     an ADMIN bearer token (default $BOOMERANG_TOKEN)
  --errors    how many refused lines to print (default 20)
  --interval  how often to ask for progress, in ms (default 500)`;

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

function bar(done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}%`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the CLI; resolves with the exit code. */
export async function runImportCli(argv: string[], env: NodeJS.ProcessEnv, term: Terminal): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv, allowPositionals: true,
      options: { url: { type: 'string' }, token: { type: 'string' }, errors: { type: 'string', default: '20' }, interval: { type: 'string', default: '500' }, help: { type: 'boolean', short: 'h' } },
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

    const size = fs.statSync(file).size;
    term.err(`uploading ${path.basename(file)} (${(size / 1e6).toFixed(1)} MB) to ${base}/imports\n`);
    const res = await fetch(`${base}/imports`, {
      method: 'POST', duplex: 'half',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', 'x-filename': path.basename(file) },
      body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
    } as RequestInit);
    const sent = await res.json().catch(() => null) as { id?: string; totalLines?: number; errors?: Array<{ message: string }> } | null;
    if (res.status !== 202 || !sent?.id) {
      term.err(`upload refused (HTTP ${res.status}): ${sent?.errors?.[0]?.message ?? 'no answer'}\n`);
      return 2;
    }
    term.err(`import ${sent.id}: ${sent.totalLines} lines queued\n`);

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
