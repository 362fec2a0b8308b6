import { randomUUID } from 'node:crypto';
import { isTimeout } from '../../integrations/errors';
import { webhookHeaders } from '../../src/domain/webhook-signature';
import type { SimKind } from '../../src/demo/demo-partners';

/** A partner the simulator plays, as registered through `POST /_sim/partners`. */
export interface SimPartner {
  kind: SimKind;
  /** Boomerang's (global) id of the partner: the last segment of its webhook URL. */
  partnerId: string;
  signingSecret: string;
  name: string;
  webhookUrl: string;
}

export type Log = (kind: string, message: string) => void;

/** One thing that happens in the world after a booking: a webhook `{ type, data }` sent `atMs` (demo time) later. */
export interface WorldEvent {
  atMs: number;
  type: string;
  data: Record<string, unknown>;
}

/** What the simulator remembers of each webhook it sent (GET /_sim/state). */
export interface SentWebhook {
  at: string;
  partner: string;
  kind: SimKind;
  type: string;
  ref: string;
  webhookId: string;
  status: number | null;
  outcome: string;
}

const MAX_DELIVERY_ATTEMPTS = 6;
/** How often an event Boomerang did not recognise yet (the booking still being recorded) is sent again. */
const MAX_UNKNOWN_REFERENCE_RESENDS = 5;
/**
 * Answers meaning "not yet" rather than "no": the reference is unknown (a booking still being recorded), or the report
 * does not fit the object's state yet (a job, lot or authorization whose dispatch Boomerang is still recording).
 */
const NOT_YET = new Set(['UNKNOWN_REFERENCE', 'ILLEGAL_TRANSITION']);

/**
 * Plays the world after bookings: each booking gets a timeline of webhooks, sent signed (Standard Webhooks, the
 * partner's secret) to the partner's Boomerang webhook URL. `speed` divides every delay (2 = twice as fast).
 * A webhook keeps its `webhook-id` across retries of a failed delivery, as the protocol asks.
 */
export class World {
  private readonly timers = new Map<string, Set<NodeJS.Timeout>>();
  private readonly sent: SentWebhook[] = [];
  private closed = false;

  constructor(private readonly speed: number, private readonly log: Log) {}

  /**
   * Schedules a booking's events; `key` names the booking (e.g. `carrier:<tracking number>`) so it can be stopped.
   * `sequential`: each event waits for the one before it to be applied (its `atMs` then counts from that one's), and a
   * refused event ends the story — for reports that must arrive in order (a refurbishment's ACCEPTED before DIAGNOSED).
   */
  play(key: string, partner: SimPartner, ref: string, events: WorldEvent[], sequential = false): void {
    if (!sequential) {
      for (const event of events) this.later(key, event.atMs / this.speed, () => this.send(key, partner, ref, event, () => undefined));
      return;
    }
    const step = (i: number, previousAtMs: number) => {
      const event = events[i];
      if (!event) return;
      this.later(key, (event.atMs - previousAtMs) / this.speed, () => this.send(key, partner, ref, event, (applied) => {
        if (applied) step(i + 1, event.atMs);
        else if (events[i + 1]) this.log(partner.kind, `${ref}: ${event.type} was not applied, so ${events.slice(i + 1).map((e) => e.type).join(', ')} will not follow`);
      }));
    };
    step(0, 0);
  }

  private send(key: string, partner: SimPartner, ref: string, event: WorldEvent, done: (applied: boolean) => void): Promise<void> {
    return this.deliver(key, partner, ref, event.type, { ...event.data, occurredAt: new Date().toISOString() }, randomUUID(), 1, 0, done);
  }

  /** Cancels what has not happened yet for a booking (a voided label, a released locker). True when something was pending. */
  stop(key: string): boolean {
    const pending = this.timers.get(key);
    if (!pending?.size) return false;
    for (const t of pending) clearTimeout(t);
    this.timers.delete(key);
    return true;
  }

  /** Webhooks sent so far, newest last (at most 200 kept). */
  history(): SentWebhook[] {
    return [...this.sent];
  }

  pending(): number {
    let n = 0;
    for (const set of this.timers.values()) n += set.size;
    return n;
  }

  close(): void {
    this.closed = true;
    for (const key of [...this.timers.keys()]) this.stop(key);
  }

  private later(key: string, ms: number, fn: () => Promise<void>): void {
    if (this.closed) return;
    const set = this.timers.get(key) ?? new Set<NodeJS.Timeout>();
    this.timers.set(key, set);
    const timer = setTimeout(() => {
      set.delete(timer);
      if (!set.size) this.timers.delete(key);
      fn().catch((e) => this.log(key.split(':')[0], `webhook failed: ${e instanceof Error ? e.message : String(e)}`));
    }, Math.max(0, Math.round(ms)));
  }

  private record(entry: SentWebhook): void {
    this.sent.push(entry);
    if (this.sent.length > 200) this.sent.shift();
  }

  private async deliver(
    key: string, partner: SimPartner, ref: string, type: string, data: Record<string, unknown>, webhookId: string, attempt: number, resends: number,
    done: (applied: boolean) => void,
  ): Promise<void> {
    const what = `${type}${typeof data.status === 'string' ? ` ${data.status}` : ''} ${ref}`;
    const body = JSON.stringify({ type, data });
    const headers = { 'content-type': 'application/json', 'user-agent': 'boomerang-partner-sim', ...webhookHeaders(partner.signingSecret, webhookId, body, new Date()) };
    const entry: SentWebhook = { at: new Date().toISOString(), partner: partner.partnerId, kind: partner.kind, type, ref, webhookId, status: null, outcome: '' };
    let status: number | null = null;
    let text: string;
    try {
      const res = await fetch(partner.webhookUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
      status = res.status;
      text = await res.text().catch(() => '');
    } catch (e) {
      text = isTimeout(e) ? 'timed out' : `cannot reach ${partner.webhookUrl}`;
    }
    entry.status = status;
    // 409: Boomerang does not know the reference yet and forgot the delivery, so the same webhook-id goes again.
    const retryable = status === null || status >= 500 || status === 408 || status === 409 || status === 429;
    if (retryable) {
      entry.outcome = `failed (${status ?? text})`;
      this.record(entry);
      if (attempt >= MAX_DELIVERY_ATTEMPTS) {
        this.log(partner.kind, `→ ${what}: ${status ? `HTTP ${status}` : text}; gave up after ${attempt} attempts`);
        done(false);
        return;
      }
      const backoffMs = Math.min(30_000, 1000 * 2 ** (attempt - 1));
      this.log(partner.kind, `→ ${what}: ${status ? `HTTP ${status}` : text}; retrying in ${Math.round(backoffMs / 1000)} s (same webhook-id)`);
      this.later(key, backoffMs, () => this.deliver(key, partner, ref, type, data, webhookId, attempt + 1, resends, done));
      return;
    }
    if (status! >= 400) {
      entry.outcome = `refused: ${text.slice(0, 200)}`;
      this.record(entry);
      this.log(partner.kind, `→ ${what}: Boomerang refused it, HTTP ${status} ${text.slice(0, 200)}`);
      done(false);
      return;
    }
    const answer = parseAnswer(text);
    const notYet = answer.results?.find((r) => r.reason !== undefined && NOT_YET.has(r.reason));
    entry.outcome = answer.duplicate ? 'duplicate' : (answer.results ?? []).map((r) => r.reason ?? (r.applied ? 'applied' : 'not applied')).join(',') || 'accepted';
    this.record(entry);
    if (notYet && resends < MAX_UNKNOWN_REFERENCE_RESENDS) {
      // Boomerang acknowledged the delivery but cannot apply it yet: the booking (or dispatch) is still being recorded
      // on its side. It stored this webhook-id, so the event goes again later under a new one.
      this.log(partner.kind, `→ ${what}: Boomerang ${notYet.reason === 'UNKNOWN_REFERENCE' ? 'does not know' : 'has not recorded the dispatch of'} ${ref} yet; sending the event again shortly`);
      this.later(key, 1000 * (resends + 1), () => this.deliver(key, partner, ref, type, data, randomUUID(), 1, resends + 1, done));
      return;
    }
    this.log(partner.kind, `→ ${what}: HTTP ${status} ${entry.outcome}`);
    done(answer.duplicate === true || !(answer.results ?? []).some((r) => r.applied === false));
  }
}

function parseAnswer(text: string): { duplicate?: boolean; results?: Array<{ applied?: boolean; reason?: string }> } {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as { duplicate?: boolean; results?: Array<{ applied?: boolean; reason?: string }> }) : {};
  } catch {
    return {};
  }
}
