import { randomUUID } from 'node:crypto';
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
 * Plays the world after bookings: each booking gets a timeline of webhooks, sent signed (Standard Webhooks, the
 * partner's secret) to the partner's Boomerang webhook URL. `speed` divides every delay (2 = twice as fast).
 * A webhook keeps its `webhook-id` across retries of a failed delivery, as the protocol asks.
 */
export class World {
  private readonly timers = new Map<string, Set<NodeJS.Timeout>>();
  private readonly sent: SentWebhook[] = [];
  private closed = false;

  constructor(private readonly speed: number, private readonly log: Log) {}

  /** Schedules a booking's events; `key` names the booking (e.g. `carrier:<tracking number>`) so it can be stopped. */
  play(key: string, partner: SimPartner, ref: string, events: WorldEvent[]): void {
    for (const event of events) {
      this.later(key, event.atMs / this.speed, () => this.deliver(key, partner, ref, event.type, { ...event.data, occurredAt: new Date().toISOString() }, randomUUID(), 1, 0));
    }
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
      text = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : `cannot reach ${partner.webhookUrl}`;
    }
    entry.status = status;
    const retryable = status === null || status >= 500 || status === 408 || status === 429;
    if (retryable) {
      entry.outcome = `failed (${status ?? text})`;
      this.record(entry);
      if (attempt >= MAX_DELIVERY_ATTEMPTS) {
        this.log(partner.kind, `→ ${what}: ${status ? `HTTP ${status}` : text}; gave up after ${attempt} attempts`);
        return;
      }
      const backoffMs = Math.min(30_000, 1000 * 2 ** (attempt - 1));
      this.log(partner.kind, `→ ${what}: ${status ? `HTTP ${status}` : text}; retrying in ${Math.round(backoffMs / 1000)} s (same webhook-id)`);
      this.later(key, backoffMs, () => this.deliver(key, partner, ref, type, data, webhookId, attempt + 1, resends));
      return;
    }
    if (status! >= 400) {
      entry.outcome = `refused: ${text.slice(0, 200)}`;
      this.record(entry);
      this.log(partner.kind, `→ ${what}: Boomerang refused it, HTTP ${status} ${text.slice(0, 200)}`);
      return;
    }
    const answer = parseAnswer(text);
    const unknown = answer.results?.some((r) => r.reason === 'UNKNOWN_REFERENCE');
    entry.outcome = answer.duplicate ? 'duplicate' : (answer.results ?? []).map((r) => r.reason ?? (r.applied ? 'applied' : 'not applied')).join(',') || 'accepted';
    this.record(entry);
    if (unknown && resends < MAX_UNKNOWN_REFERENCE_RESENDS) {
      // Boomerang acknowledged the delivery but does not know the reference yet: the booking is still being recorded
      // on its side. It stored this webhook-id, so the event goes again later under a new one.
      this.log(partner.kind, `→ ${what}: Boomerang does not know ${ref} yet; sending the event again shortly`);
      this.later(key, 1000 * (resends + 1), () => this.deliver(key, partner, ref, type, data, randomUUID(), 1, resends + 1));
      return;
    }
    this.log(partner.kind, `→ ${what}: HTTP ${status} ${entry.outcome}`);
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
