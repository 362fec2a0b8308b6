/**
 * A small seeded random source for the history generator: mulberry32 (32-bit state, fast, good enough for simulation),
 * plus the few distributions the generator draws from. Never Math.random, so a seed always gives the same history.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so nearby seeds (1, 2, 3) do not start with correlated streams.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** A uniform integer in [0, 2^32). */
  uint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.uint32() / 4_294_967_296;
  }

  /** A uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A uniform number in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A log-normal draw with the given median and log-scale sigma. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** An exponential draw with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** One of `items`, picked by `weights` (any non-negative numbers, not necessarily summing to 1). */
  pick<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  }

  /** 16 random hex digits. */
  hex16(): string {
    return this.uint32().toString(16).padStart(8, '0') + this.uint32().toString(16).padStart(8, '0');
  }
}

/**
 * Picks indexes in O(1) from a fixed weight table (Walker's alias method): used for customers and styles, where
 * a linear scan per draw would make a million orders quadratic.
 */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new RangeError('An alias table needs at least one weight');
    const total = weights.reduce((a, b) => a + b, 0);
    const scaled = weights.map((w) => (w * n) / total);
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }

  /** An index drawn with probability proportional to its weight. */
  sample(rng: Rng): number {
    const i = Math.floor(rng.next() * this.prob.length);
    return rng.next() < this.prob[i] ? i : this.alias[i];
  }
}

/**
 * A UUIDv7 for `ms` with a caller-chosen 12-bit sequence (rand_a) and 62 seeded random bits: the layout of
 * src/domain/ids.ts, so ids sort by the time of the row they belong to, yet reproducible from the seed.
 */
export function historyUuid(ms: number, seq: number, rng: Rng): string {
  const time = Math.floor(ms).toString(16).padStart(12, '0');
  const a = (seq & 0xfff).toString(16).padStart(3, '0');
  const r = rng.hex16();
  const variant = (8 + (parseInt(r[0], 16) & 3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${a}-${variant}${r.slice(1, 4)}-${r.slice(4, 16)}`;
}
