import { PermanentPartnerError, TransientPartnerError } from '../../integrations/errors';
import { JsonReader, malformedAnswer, malformedWebhook, parseInstant } from '../../integrations/json-reader';

test.each([
  ['2026-11-27T21:14:27Z', '2026-11-27T21:14:27.000Z'],
  ['2026-11-27T21:14:27.123456789+01:00', '2026-11-27T20:14:27.123Z'],
  ['2026-11-27T21:14:27.5+0100', '2026-11-27T20:14:27.500Z'],
  ['2026-11-27T21:14Z', '2026-11-27T21:14:00.000Z'],
  ['2028-02-29T00:00:00-05:00', '2028-02-29T05:00:00.000Z'],
])('parseInstant(%s) = %s', (text, iso) => {
  expect(parseInstant(text)).toBe(iso);
});

test.each([
  '2026-11-27T21:14:27', '2026-11-27', '2026-11-27 21:14:27Z', '2026-11-27t21:14:27z', '2027-02-29T00:00:00Z',
  '2026-04-31T00:00:00Z', '2026-11-27T24:00:00Z', '2026-11-27T21:60:00Z', '2026-11-27T21:14:27+25:00', '1764278067', '',
])('parseInstant(%s) is null', (text) => {
  expect(parseInstant(text)).toBeNull();
});

test('the failure kind is the caller\'s: transient for answers, permanent for webhooks; paths name the field', () => {
  const answer = JsonReader.object({ a: { b: [{ c: 1 }] } }, malformedAnswer('POST x'));
  expect(() => answer.child('a').objects('b')[0].string('c')).toThrow(TransientPartnerError);
  expect(() => answer.child('a').objects('b')[0].string('c')).toThrow('POST x: malformed answer: body.a.b[0].c must be a non-empty string, got number');
  expect(() => JsonReader.parse('[1]', malformedWebhook)).toThrow(PermanentPartnerError);
  expect(() => JsonReader.parse('{', malformedWebhook)).toThrow('malformed webhook: body is not JSON');
});

test('ids are strings or non-negative safe integers; optional reads accept absence', () => {
  const r = JsonReader.object({ n: 49, s: 'x', neg: -1, big: 2 ** 60, f: 1.5, e: '', nul: null }, malformedWebhook);
  expect([r.id('n'), r.id('s')]).toEqual(['49', 'x']);
  for (const key of ['neg', 'big', 'f', 'e', 'nul', 'missing']) expect(() => r.id(key)).toThrow(PermanentPartnerError);
  expect([r.optionalString('e'), r.optionalString('nul'), r.optionalString('missing')]).toEqual([null, null, null]);
  expect(r.optionalChild('nul')).toBeNull();
  expect(r.optionalObjects('missing')).toEqual([]);
  expect(() => r.number('s')).toThrow(PermanentPartnerError);
});
