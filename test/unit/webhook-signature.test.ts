import { newSigningSecret, signWebhook, verifyWebhook, webhookHeaders } from '../../src/domain/webhook-signature';

const now = new Date('2026-11-27T12:00:00Z');
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

test('matches the Standard Webhooks reference vector', () => {
  // From the standard-webhooks specification's test suite.
  expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'))
    .toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});

test('round trip, tolerance, tampering and multiple signatures', () => {
  const s = newSigningSecret();
  const h = webhookHeaders(s, 'msg_1', '{"a":1}', now);
  const headers = { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'] };
  expect(verifyWebhook(s, headers, '{"a":1}', now)).toEqual({ ok: true, id: 'msg_1' });
  expect(verifyWebhook(s, headers, '{"a":2}', now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  expect(verifyWebhook(newSigningSecret(), headers, '{"a":1}', now)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  expect(verifyWebhook(s, headers, '{"a":1}', new Date(now.getTime() + 301_000))).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
  expect(verifyWebhook(s, headers, '{"a":1}', new Date(now.getTime() - 301_000))).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
  expect(verifyWebhook(s, { ...headers, signature: `v1,AAAA ${headers.signature}` }, '{"a":1}', now).ok).toBe(true);
  expect(verifyWebhook(s, { ...headers, timestamp: '12e3' }, '{"a":1}', now)).toEqual({ ok: false, reason: 'BAD_TIMESTAMP' });
  expect(verifyWebhook(s, { id: 'x' }, '{}', now)).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
});
