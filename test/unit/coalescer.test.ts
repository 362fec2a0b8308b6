import { Coalescer } from '../../src/jobs/coalescer';

// What arrives while a write is in flight goes out in the next write, together; each caller settles with its own write.
test('the first item is written at once, the ones arriving meanwhile together in the next write', async () => {
  const writes: number[][] = [];
  let release: () => void = () => undefined;
  const c = new Coalescer<number>(async (items) => {
    writes.push(items);
    if (writes.length === 1) await new Promise<void>((r) => { release = r; });
  });
  const first = c.push(1);
  const later = [c.push(2), c.push(3), c.push(4)];
  expect(writes).toEqual([[1]]);
  release();
  await Promise.all([first, ...later]);
  expect(writes).toEqual([[1], [2, 3, 4]]);
  await c.push(5);
  expect(writes).toEqual([[1], [2, 3, 4], [5]]);
});

test('a failed write rejects the callers of that write only, and the next write still goes out', async () => {
  let calls = 0;
  let release: () => void = () => undefined;
  const c = new Coalescer<string>(async (items) => {
    calls += 1;
    if (calls === 1) {
      await new Promise<void>((r) => { release = r; });
      throw new Error(`refused ${items.join(',')}`);
    }
  });
  const failed = c.push('a');
  const next = c.push('b');
  release();
  await expect(failed).rejects.toThrow('refused a');
  await expect(next).resolves.toBeUndefined();
  expect(calls).toBe(2);
});

// A dispatch worker's SUCCEEDED marks: one run the write refuses must not fail the runs batched with it.
test('with isolateFailures, a failed batch is written item by item and only the refused item rejects', async () => {
  const writes: string[][] = [];
  let release: () => void = () => undefined;
  const c = new Coalescer<string>(async (items) => {
    writes.push(items);
    if (writes.length === 1) await new Promise<void>((r) => { release = r; });
    if (items.includes('bad')) throw new Error(`refused ${items.join(',')}`);
  }, { isolateFailures: true });
  const first = c.push('a');
  const batch = [c.push('b'), c.push('bad'), c.push('c')];
  release();
  await first;
  const settled = await Promise.allSettled(batch);
  expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('refused bad'));
  expect(writes.slice(0, 2)).toEqual([['a'], ['b', 'bad', 'c']]);
  expect(writes.slice(2).sort()).toEqual([['b'], ['bad'], ['c']]);
});
