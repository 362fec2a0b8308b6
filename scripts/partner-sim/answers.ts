import type { SimKind } from '../../src/demo/demo-partners';
import type { SimPartner } from './world';

// What the simulator's protocol handlers share: the call they get, the answer they give, and how they refuse.

/** An answer: status, JSON body (or a document). */
export interface Answer {
  status: number;
  body?: unknown;
  contentType?: string;
  raw?: string | Buffer;
  /** Answer this much later, ms (a slow partner); a repeat of the call under its Idempotency-Key waits as long. */
  delayMs?: number;
}

/** A protocol call from Boomerang, verified and parsed. */
export interface Call {
  kind: SimKind;
  method: string;
  /** Path segments after the kind prefix, decoded. */
  parts: string[];
  query: URLSearchParams;
  body: Record<string, unknown> | null;
  /** The Boomerang partner the signature identified, or null when no secret for this kind is known. */
  partner: SimPartner | null;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const json = (status: number, body: unknown): Answer => ({ status, body });

/** Refuses the call with this status (4xx: Boomerang treats it as permanent). */
export const fail = (status: number, message: string): never => {
  throw new HttpError(status, message);
};
