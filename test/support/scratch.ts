import fs from 'node:fs';
import path from 'node:path';

// Test state lives inside the checkout (git-ignored), never in the OS temp folder: two checkouts never share it, and
// deleting a checkout deletes its state with it.

/** The checkout's root. */
export const ROOT = path.resolve(__dirname, '../..');
/** Everything tests keep between runs or leave behind: `.cache/` in the checkout. */
export const CACHE_DIR = path.join(ROOT, '.cache');

/** `.cache/tmp/`, created if missing: the TMPDIR of processes tests start. */
export function scratchRoot(): string {
  const dir = path.join(CACHE_DIR, 'tmp');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** A new empty folder `.cache/tmp/<prefix>XXXXXX` for one test's files; the caller removes it. */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(scratchRoot(), prefix));
}
