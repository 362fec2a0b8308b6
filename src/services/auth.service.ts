import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import type { Config } from '../config';
import type { Actor } from './context';
import { UnauthenticatedError } from './errors';
import { isPartnerApiKey } from './partners/partner.service';

const GUEST_ISSUER = 'boomerang:guest';
const STAFF_ROLES = { OPERATOR: 'operator', ADMIN: 'admin' } as const;

/** jose error codes that blame the token (bad signature, claims, expiry, unknown key id), not the key source. */
const TOKEN_FAULTS = new Set([
  'ERR_JWT_CLAIM_VALIDATION_FAILED', 'ERR_JWT_EXPIRED', 'ERR_JWT_INVALID', 'ERR_JWS_INVALID', 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
  'ERR_JOSE_ALG_NOT_ALLOWED', 'ERR_JOSE_NOT_SUPPORTED', 'ERR_JWKS_NO_MATCHING_KEY', 'ERR_JWKS_MULTIPLE_MATCHING_KEYS',
]);

function isTokenFault(e: unknown): boolean {
  return e instanceof errors.JOSEError && TOKEN_FAULTS.has(e.code);
}

/** Verified tokens remembered at most this long (and never past their exp). */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
/** At most this many verified tokens are remembered (least recently used go first). */
const VERIFIED_TOKEN_MAX = 10_000;

/**
 * Verifies bearer tokens: people's JWTs (HS256 secret or JWKS) and Boomerang's own guest tokens.
 *
 * A JWT that verified is remembered for a minute, or until its exp if sooner, so a client sending the same token with
 * every request pays the signature check once a minute instead of every time. Nothing else changes: what a JWT grants
 * is in the token itself (no revocation list exists for them; a key dropped from the JWKS is already trusted for as
 * long as jose caches the key set), it is valid until exp, and every other check (issuer, audience, lifetime, role)
 * depends on the token and this process's configuration alone. Failures are never remembered. Partner API keys are
 * not JWTs and are looked up on every request, so a revoked key is refused at once.
 */
export class Authenticator {
  private readonly verified = new LRUCache<string, Actor>({ max: VERIFIED_TOKEN_MAX });
  private readonly secret: Uint8Array | null;
  private readonly guestSecret: Uint8Array | null;
  private readonly jwks: JWTVerifyGetKey | null;

  constructor(private readonly config: Config, private readonly partnerKeys?: (secret: string) => Promise<Actor | null>) {
    const enc = new TextEncoder();
    this.secret = config.jwtSecret ? enc.encode(config.jwtSecret) : null;
    this.guestSecret = config.guestTokenSecret ? enc.encode(config.guestTokenSecret) : null;
    this.jwks = config.jwtJwksUrl ? createRemoteJWKSet(new URL(config.jwtJwksUrl)) : null;
  }

  /** Turns an Authorization header into an actor; a present but invalid token is an error, never anonymous. */
  async authenticate(header: string | undefined): Promise<Actor> {
    if (!header) return { kind: 'anonymous' };
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,4096})$/.exec(header.trim());
    if (!match) throw new UnauthenticatedError('Malformed Authorization header');
    const token = match[1];
    if (this.partnerKeys && isPartnerApiKey(token)) {
      const actor = await this.partnerKeys(token);
      if (!actor) throw new UnauthenticatedError('Invalid or revoked API key');
      return actor;
    }
    const known = this.verified.get(token);
    // A copy: services remember per-request facts (the customer's scope) on the actor object.
    if (known) return { ...known };
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
    } catch {
      throw new UnauthenticatedError('Invalid token');
    }
    const actor = await (claims.iss === GUEST_ISSUER ? this.verifyGuest(token) : this.verifyPerson(token));
    // Verified tokens always carry exp (a person's is refused without one, a guest's requires it).
    const ttl = Math.min(VERIFIED_TOKEN_TTL_MS, (claims.exp ?? 0) * 1000 - Date.now());
    if (ttl > 0) this.verified.set(token, { ...actor }, { ttl });
    return actor;
  }

  private async verifyPerson(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.config.jwtIssuer ?? undefined,
        audience: this.config.jwtAudience ?? undefined,
      };
      if (this.jwks) {
        ({ payload } = await jwtVerify(token, this.jwks, options));
      } else if (this.secret) {
        ({ payload } = await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'] }));
      } else {
        throw new UnauthenticatedError('Invalid or expired token');
      }
    } catch (e) {
      // The token's own faults are the caller's; an identity provider that cannot be reached (JWKS timeout, 5xx,
      // garbage) is ours and must not log people out as if their token were bad.
      if (e instanceof UnauthenticatedError || isTokenFault(e)) throw new UnauthenticatedError('Invalid or expired token');
      throw e;
    }
    this.checkLifetime(payload);
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 200) throw new UnauthenticatedError('Token has no subject');
    switch (payload.role) {
      case 'CUSTOMER': return { kind: 'customer', externalId: sub };
      case 'OPERATOR':
      case 'ADMIN': return { kind: STAFF_ROLES[payload.role], subject: sub };
      default: throw new UnauthenticatedError('Token has no valid role');
    }
  }

  /** A token without exp would be valid forever, and a long-lived one is as bad once leaked: both are refused. */
  private checkLifetime(payload: JWTPayload): void {
    if (typeof payload.exp !== 'number') throw new UnauthenticatedError('Token has no expiry (exp); tokens must expire');
    // An iat in the future would stretch the window: the lifetime counts from now at the latest.
    const now = Math.floor(Date.now() / 1000);
    const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
    const max = this.config.jwtMaxTtlSeconds;
    if (payload.exp - from > max) throw new UnauthenticatedError(`Token lifetime exceeds the maximum of ${max} seconds (exp − iat); issue shorter-lived tokens`);
  }

  private async verifyGuest(token: string): Promise<Actor> {
    if (!this.guestSecret) throw new UnauthenticatedError('Guest tokens are not enabled');
    try {
      const { payload } = await jwtVerify(token, this.guestSecret, { algorithms: ['HS256'], issuer: GUEST_ISSUER, requiredClaims: ['exp'] });
      const { ord, cus } = payload as { ord?: unknown; cus?: unknown };
      if (typeof ord !== 'string' || typeof cus !== 'string') throw new Error('claims');
      return { kind: 'guest', orderId: ord, customerId: cus };
    } catch {
      throw new UnauthenticatedError('Invalid or expired token');
    }
  }

  /** Issues a short-lived token scoped to one order. */
  async issueGuestToken(orderId: string, customerId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
    if (!this.guestSecret) throw new Error('guest tokens need GUEST_TOKEN_SECRET or JWT_SECRET');
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.config.guestTokenTtlSeconds;
    const token = await new SignJWT({ ord: orderId, cus: customerId, role: 'GUEST' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(GUEST_ISSUER)
      .setSubject(`guest:${orderId}`)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.guestSecret);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Signs a person token with JWT_SECRET (demo tokens and tests), valid as long as allowed; null when only JWKS is configured. */
  async issuePersonToken(sub: string, role: 'CUSTOMER' | 'OPERATOR' | 'ADMIN', ttlSeconds = this.config.jwtMaxTtlSeconds): Promise<string | null> {
    if (!this.secret || this.jwks) return null;
    let jwt = new SignJWT({ role }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime(`${ttlSeconds}s`);
    if (this.config.jwtIssuer) jwt = jwt.setIssuer(this.config.jwtIssuer);
    if (this.config.jwtAudience) jwt = jwt.setAudience(this.config.jwtAudience);
    return jwt.sign(this.secret);
  }
}
