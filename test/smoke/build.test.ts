import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, scratchDir } from '../support/scratch';

// `npm run build` (scripts/build.js), which npm start, partner-sim, seed:history and bench run first: two at once
// (the README's two terminals) must not both compile into dist/, and a build with nothing changed compiles nothing.
// It runs on a copy of the sources, so the checkout's own dist/ is left to the other tests.
let copy: string;

beforeAll(() => {
  copy = scratchDir('build-');
  for (const name of ['src', 'scripts', 'integrations', 'web', 'tsconfig.json', 'tsconfig.build.json', 'package.json']) {
    fs.cpSync(path.join(ROOT, name), path.join(copy, name), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});

afterAll(() => {
  if (copy) fs.rmSync(copy, { recursive: true, force: true });
});

/** Runs the copy's build script; resolves with its exit code and output. */
function build(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(copy, 'scripts/build.js')], { cwd: copy, timeout: 400_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: stdout + stderr }));
  });
}

/** Every file under dist/ (but the lock) with its mtime. */
function outputs(): Map<string, number> {
  const dist = path.join(copy, 'dist');
  const files = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('.build.lock') && fs.statSync(path.join(dist, f)).isFile());
  return new Map(files.map((f) => [f, fs.statSync(path.join(dist, f)).mtimeMs]));
}

/** dist/ paths of the .js every source file compiles to. */
function expectedOutputs(): string[] {
  return ['src', 'scripts', 'integrations'].flatMap((dir) => fs.readdirSync(path.join(copy, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(dir, f.replace(/\.ts$/, '.js'))));
}

test('two builds at once: one compiles, the other waits for it and finds dist/ complete', async () => {
  const [a, b] = await Promise.all([build(), build()]);
  expect([a.code, b.code]).toEqual([0, 0]);
  const said = [a.output, b.output];
  expect(said.filter((o) => o.includes('brought up to date'))).toHaveLength(1);
  expect(said.filter((o) => o.includes('waiting for it') && o.includes('was up to date'))).toHaveLength(1);
  const built = outputs();
  for (const file of expectedOutputs()) expect(built.has(file) ? file : `missing ${file}`).toBe(file);
  expect(fs.existsSync(path.join(copy, 'dist', '.build.lock'))).toBe(false);
}, 600_000);

test('a build with nothing changed rewrites nothing; a changed file is compiled again, others are left alone', async () => {
  const before = outputs();
  const again = await build();
  expect(again.code).toBe(0);
  expect(again.output).toContain('was up to date');
  expect(outputs()).toEqual(before);

  fs.appendFileSync(path.join(copy, 'scripts/bench.ts'), '\n// changed by build.test.ts\n');
  const changed = await build();
  expect(changed.code).toBe(0);
  const after = outputs();
  expect(after.get('scripts/bench.js')).toBeGreaterThan(before.get('scripts/bench.js')!);
  expect(fs.readFileSync(path.join(copy, 'dist/scripts/bench.js'), 'utf8')).toContain('changed by build.test.ts');
  expect(after.get('src/main.js')).toBe(before.get('src/main.js'));
}, 600_000);

test('a missing entry point is rebuilt even though tsc\'s build info says dist/ is current', async () => {
  fs.rmSync(path.join(copy, 'dist/src/main.js'));
  const res = await build();
  expect(res.code).toBe(0);
  expect(fs.existsSync(path.join(copy, 'dist/src/main.js'))).toBe(true);
}, 600_000);
