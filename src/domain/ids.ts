import { randomFillSync } from 'node:crypto';

const MAX_TIMESTAMP = 2 ** 48;
// A clock step back of up to this much keeps counting on the last timestamp (RFC 9562
// §6.2) so ids stay ordered; a caller passing a far older `now` gets that time instead.
const CLOCK_REGRESSION_TOLERANCE_MS = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GLOBAL_ID_TYPE = /^[A-Za-z]{1,40}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// "Type" (40) + ":" + uuid (36) = 77 bytes = 103 base64url characters.
const MAX_GLOBAL_ID_LENGTH = 103;
const RMA = /^RMA-(\d{8,16})$/;

let lastMs = -1;
let lastCounter = 0;

// Random bytes are drawn from the CSPRNG 4 KiB at a time (as crypto.randomUUID does) and each byte used once: a
// bulk import makes tens of thousands of ids a batch, and one randomBytes call per id cost more than the id itself.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
const scratch = Buffer.alloc(16);

/** The next `n` unused random bytes of the pool, copied into `into` (n ≤ 16). */
function randomInto(into: Buffer, n: number): Buffer {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  pool.copy(into, 0, poolAt, poolAt + n);
  poolAt += n;
  return into;
}

/** A random 11-bit counter start: random, with headroom so a busy millisecond rarely overflows. */
function freshCounter(): number {
  return randomInto(scratch, 2).readUInt16BE(0) & 0x7ff;
}

/**
 * An RFC 9562 UUIDv7: 48-bit Unix milliseconds, then a 12-bit counter (rand_a) that is
 * random at each new millisecond and incremented within one, then 62 random bits, so
 * ids made by one process sort by creation order (good for B-tree inserts and cursors).
 */
export function uuidv7(now: number = Date.now()): string {
  if (!Number.isSafeInteger(now) || now < 0 || now >= MAX_TIMESTAMP) {
    throw new RangeError('Timestamp must be a non-negative integer of milliseconds below 2^48');
  }
  let ms = now;
  let counter: number;
  if (now <= lastMs && lastMs - now <= CLOCK_REGRESSION_TOLERANCE_MS) {
    ms = lastMs;
    counter = lastCounter + 1;
    if (counter > 0xfff) {
      // Counter exhausted: borrow the next millisecond, as RFC 9562 §6.2 allows.
      ms = lastMs + 1;
      counter = freshCounter();
    }
  } else {
    counter = freshCounter();
  }
  lastMs = ms;
  lastCounter = counter;

  const bytes = randomInto(scratch, 16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The millisecond timestamp a UUIDv7 was made at, or null if value is not a UUIDv7. */
export function uuidv7Timestamp(value: string): number | null {
  if (!isUuid(value) || value[14] !== '7') return null;
  return parseInt(value.slice(0, 8) + value.slice(9, 13), 16);
}

/** True when value has the 8-4-4-4-12 hex form of a UUID (any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The opaque GraphQL id of an entity: base64url of `${type}:${uuid}`. */
export function encodeGlobalId(type: string, id: string): string {
  if (!GLOBAL_ID_TYPE.test(type)) throw new RangeError('Global id type must be 1–40 ASCII letters');
  if (!isUuid(id)) throw new RangeError('Global id must wrap a UUID');
  return Buffer.from(`${type}:${id.toLowerCase()}`, 'utf8').toString('base64url');
}

/**
 * The type and UUID inside a global id, or null for anything malformed (bad base64url,
 * non-canonical encoding, no colon, bad type, id not a UUID) — never throws on input.
 */
export function decodeGlobalId(globalId: string): { type: string; id: string } | null {
  if (typeof globalId !== 'string' || globalId.length > MAX_GLOBAL_ID_LENGTH || !BASE64URL.test(globalId)) {
    return null;
  }
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  // Node's decoder ignores stray trailing bits; re-encoding makes each id have one spelling.
  if (Buffer.from(decoded, 'utf8').toString('base64url') !== globalId) return null;
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const type = decoded.slice(0, colon);
  const id = decoded.slice(colon + 1);
  if (!GLOBAL_ID_TYPE.test(type) || !isUuid(id) || id !== id.toLowerCase()) return null;
  return { type, id };
}

/** The human-readable RMA number for a sequence value: "RMA-" + at least 8 digits. */
export function formatRma(seq: number): string {
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError('RMA sequence must be a positive integer');
  return `RMA-${String(seq).padStart(8, '0')}`;
}

/** The sequence value of an RMA number (case and surrounding spaces forgiven), or null. */
export function parseRma(rma: string): number | null {
  if (typeof rma !== 'string') return null;
  const normalised = rma.trim().toUpperCase();
  const match = RMA.exec(normalised);
  if (match === null) return null;
  const seq = Number(match[1]);
  // Only the canonical spelling maps to a sequence, so "RMA-000000042" is not RMA-00000042.
  return Number.isSafeInteger(seq) && seq >= 1 && formatRma(seq) === normalised ? seq : null;
}
