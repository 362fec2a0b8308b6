import fc from 'fast-check';
import {
  decodeGlobalId,
  encodeGlobalId,
  formatRma,
  isUuid,
  parseRma,
  uuidv7,
  uuidv7Timestamp,
} from '../../src/domain/ids';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('has the RFC 9562 version and variant and embeds the timestamp', () => {
    const now = Date.UTC(2024, 4, 1, 12, 0, 0, 123);
    const id = uuidv7(now);
    expect(id).toMatch(V7);
    expect(uuidv7Timestamp(id)).toBe(now);
    expect(id.slice(0, 13)).toBe('018f3406-9e7b');
  });

  it('encodes the extremes of the 48-bit timestamp', () => {
    expect(uuidv7(0).slice(0, 13)).toBe('00000000-0000');
    expect(uuidv7(2 ** 48 - 1).slice(0, 13)).toBe('ffffffff-ffff');
  });

  it('rejects timestamps outside 48 bits', () => {
    for (const bad of [-1, 2 ** 48, 1.5, NaN]) expect(() => uuidv7(bad)).toThrow(RangeError);
  });

  it('is strictly increasing within one millisecond, even past 4096 ids', () => {
    const now = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    for (let i = 1; i < ids.length; i += 1) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(V7);
  });

  it('stays ordered across a small clock step back', () => {
    const now = Date.UTC(2031, 0, 1);
    const first = uuidv7(now);
    expect(uuidv7(now - 5) > first).toBe(true);
  });

  it('sorts by time across milliseconds', () => {
    const earlier = uuidv7(Date.UTC(2032, 0, 1));
    const later = uuidv7(Date.UTC(2032, 0, 1, 0, 0, 0, 1));
    expect(later > earlier).toBe(true);
    expect(uuidv7Timestamp(later)).toBe(Date.UTC(2032, 0, 1, 0, 0, 0, 1));
  });
});

describe('global ids', () => {
  const uuid = '018f3463-b73b-7abc-8def-0123456789ab';

  it('round-trip type and uuid', () => {
    const globalId = encodeGlobalId('Return', uuid);
    expect(globalId).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeGlobalId(globalId)).toEqual({ type: 'Return', id: uuid });
    expect(decodeGlobalId(encodeGlobalId('Return', uuid.toUpperCase()))).toEqual({ type: 'Return', id: uuid });
  });

  it('round-trips any valid pair', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z]{1,40}$/), fc.uuid(), (type, id) => {
        expect(decodeGlobalId(encodeGlobalId(type, id))).toEqual({ type, id });
      }),
    );
  });

  const b64 = (text: string) => Buffer.from(text).toString('base64url');

  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['padded', `${b64(`Return:${uuid}`)}=`],
    ['no colon', b64(`Return${uuid}`)],
    ['bad type', b64(`Re-turn:${uuid}`)],
    ['type too long', b64(`${'A'.repeat(41)}:${uuid}`)],
    ['empty type', b64(`:${uuid}`)],
    ['not a uuid', b64('Return:42')],
    ['upper-case uuid', b64(`Return:${uuid.toUpperCase()}`)],
    ['trailing junk', b64(`Return:${uuid}:x`)],
    ['very long', 'A'.repeat(10_000)],
  ])('decode returns null for %s', (_, value) => {
    expect(decodeGlobalId(value)).toBeNull();
  });

  it('decode never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        const decoded = decodeGlobalId(value);
        if (decoded !== null) expect(encodeGlobalId(decoded.type, decoded.id)).toBe(value);
      }),
    );
    expect(decodeGlobalId(undefined as never)).toBeNull();
  });

  it('encode refuses a bad type or id', () => {
    expect(() => encodeGlobalId('Re turn', uuid)).toThrow(RangeError);
    expect(() => encodeGlobalId('Return', 'not-a-uuid')).toThrow(RangeError);
  });

  it('isUuid recognises the textual form', () => {
    expect(isUuid(uuid)).toBe(true);
    expect(isUuid(uuid.slice(1))).toBe(false);
    expect(isUuid(7)).toBe(false);
  });
});

describe('RMA numbers', () => {
  it('pad the sequence to eight digits', () => {
    expect(formatRma(1)).toBe('RMA-00000001');
    expect(formatRma(12345678)).toBe('RMA-12345678');
    expect(formatRma(123456789)).toBe('RMA-123456789');
  });

  it('refuse non-positive or fractional sequences', () => {
    for (const bad of [0, -1, 1.5, NaN]) expect(() => formatRma(bad)).toThrow(RangeError);
  });

  it('parse back, forgiving case and spaces but not other spellings', () => {
    expect(parseRma('RMA-00000042')).toBe(42);
    expect(parseRma(' rma-00000042 ')).toBe(42);
    expect(parseRma('RMA-42')).toBeNull();
    expect(parseRma('RMA-000000042')).toBeNull();
    expect(parseRma('RMA-00000000')).toBeNull();
    expect(parseRma('XYZ-00000042')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (seq) => {
      expect(parseRma(formatRma(seq))).toBe(seq);
    }));
  });
});
