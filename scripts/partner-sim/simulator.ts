import { randomInt } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { distanceKm } from '../../integrations/lockers/geo';
import { DEMO_CARRIER_NAME, DEMO_LOCKERS, DEMO_STORES, SIM_KINDS, type SimKind, type SimRegistration } from '../../src/demo/demo-partners';
import { SIM_HEALTH_NAME } from '../../src/demo/partner-sim-client';
import { DEFAULT_PICKUP_SLOTS, pickupWindows } from '../../src/domain/return-methods';
import { verifyWebhook } from '../../src/domain/webhook-signature';
import { HttpError, fail, json, type Answer, type Call } from './answers';
import { DispositionPartners } from './dispositions';
import { MerchantPayments } from './merchant-payments';
import { pdfDocument, qrPlaceholderSvg, zplDocument } from './documents';
import { MerchantExchanges } from './merchant-exchanges';
import { World, type Log, type SimPartner, type WorldEvent } from './world';

export interface SimOptions {
  /** Divides every delay of the world (2 = twice as fast). */
  speed: number;
  /** Where partners' webhooks go when a registration names no webhookUrl: `<boomerangUrl>/webhooks/<partnerId>`. */
  boomerangUrl: string;
  log?: Log;
}

/** Seconds (demo time, divided by the speed) after a booking at which each event happens. */
const TIMELINE_SECONDS = { first: 8, step: 8 } as const;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const MAX_BODY_BYTES = 1_000_000;
const MAX_REMEMBERED_KEYS = 10_000;
const DAY_MS = 86_400_000;

/** S10-style tracking number (2 letters, 8 digits, check digit, country), as postal carriers use. */
function trackingNumber(prefix: string): string {
  const digits = Array.from({ length: 8 }, () => randomInt(10));
  const sum = digits.reduce((s, d, i) => s + d * [8, 6, 4, 2, 3, 5, 9, 7][i], 0);
  const check = 11 - (sum % 11);
  return `${prefix}${digits.join('')}${check === 10 ? 0 : check === 11 ? 5 : check}NL`;
}

/** Reads a booking request's common part (docs/partner-protocol.md, "Booking requests"); 422 when it does not fit. */
function bookingRequest(body: Record<string, unknown> | null): { returnId: string; rmaNumber: string; from: Record<string, unknown>; to: Record<string, unknown>; weightGrams: number } {
  if (!body) return fail(400, 'body must be a JSON object');
  const str = (v: unknown, field: string) => (typeof v === 'string' && v.trim() ? v : fail(422, `${field} must be a non-empty string`));
  const obj = (v: unknown, field: string) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(422, `${field} must be an object`));
  const address = (v: unknown, field: string) => {
    const a = obj(v, field);
    for (const k of ['line1', 'city', 'postalCode']) str(a[k], `${field}.${k}`);
    if (typeof a.countryCode !== 'string' || !/^[A-Z]{2}$/.test(a.countryCode)) fail(422, `${field}.countryCode must be ISO 3166-1 alpha-2`);
    return a;
  };
  const parcel = obj(body.parcel, 'parcel');
  if (typeof parcel.weightGrams !== 'number' || !(parcel.weightGrams > 0)) fail(422, 'parcel.weightGrams must be a positive number');
  return {
    returnId: str(body.returnId, 'returnId'), rmaNumber: str(body.rmaNumber, 'rmaNumber'),
    from: address(body.from, 'from'), to: address(body.to, 'to'), weightGrams: parcel.weightGrams as number,
  };
}

function isInstant(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v));
}

interface Label { shipmentId: string; trackingNumber: string; rmaNumber: string; from: Record<string, unknown>; to: Record<string, unknown>; weightGrams: number; status: 'ACTIVE' | 'VOID'; partner: string | null; createdAt: string }
interface Reservation { reservationId: string; pointExternalId: string; size: string; dropOffCode: string; trackingNumber: string; rmaNumber: string; expiresAt: string; status: 'RESERVED' | 'RELEASED'; partner: string | null }
interface DropOff { reference: string; storeExternalId: string | null; rmaNumber: string; items: unknown[]; expectedBy: string; status: 'ANNOUNCED' | 'CANCELLED'; partner: string | null }
interface Pickup { confirmationNumber: string; window: { start: string; end: string }; trackingNumber: string; rmaNumber: string; status: 'SCHEDULED' | 'CANCELLED'; partner: string | null }

/**
 * Plays every partner kind of Boomerang's own protocol (docs/partner-protocol.md) under path prefixes: `/carrier`,
 * `/locker`, `/store`, `/pickup`, `/merchant`, `/refurbisher`, `/recycler`, `/vendor`. It verifies Boomerang's Standard
 * Webhooks signatures with the secrets it was told (`POST /_sim/partners`, loopback only), answers a repeated
 * Idempotency-Key with the first answer, and after each booking, job, lot or authorization sends the scans and reports
 * a real partner would, as signed webhooks back to Boomerang (dispositions.ts, disposition-rules.ts).
 */
export class PartnerSimulator {
  readonly server: http.Server;
  private readonly partners = new Map<string, SimPartner>();
  private readonly answers = new Map<string, { answer: Answer; fingerprint: string }>();
  private readonly warnedUnverified = new Set<SimKind>();
  private readonly labels = new Map<string, Label>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly dropOffs = new Map<string, DropOff>();
  private readonly pickups = new Map<string, Pickup>();
  private readonly merchantEvents = new Map<string, { type: string; rmaNumber: string; status: string; at: string }>();
  private readonly calls: Array<{ at: string; kind: SimKind; call: string; signature: 'verified' | 'unverified' | 'rejected'; status: number; repeat: boolean }> = [];
  private readonly world: World;
  private readonly dispositions: DispositionPartners;
  /** The merchant's exchange side: catalog, stock, exchange orders, payment holds (merchant-exchanges.ts). */
  readonly exchanges: MerchantExchanges;
  private readonly payments: MerchantPayments;
  private readonly log: Log;
  private seq = 0;
  private base = 'http://127.0.0.1';

  constructor(private readonly options: SimOptions) {
    this.log = options.log ?? ((kind, message) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${kind.padEnd(11)} ${message}\n`));
    this.world = new World(options.speed, this.log);
    this.exchanges = new MerchantExchanges((prefix) => this.nextId(prefix), this.log);
    this.dispositions = new DispositionPartners((prefix) => this.nextId(prefix), (call, key, ref, events, story, sequential) => this.play(call, key, ref, events, story, sequential), this.log);
    this.payments = new MerchantPayments((prefix) => this.nextId(prefix), (call, key, ref, events, story) => this.play(call, key, ref, events, story), this.log);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        this.log('sim', `internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'internal error' }));
      });
    });
  }

  /** Listens on loopback; resolves with the base URL. */
  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async close(): Promise<void> {
    this.world.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}${String(this.seq).padStart(4, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    let parts: string[];
    try {
      parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return send(res, json(400, { error: 'malformed path' }));
    }
    const method = req.method ?? 'GET';
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (e) {
      return send(res, json(e instanceof HttpError ? e.status : 400, { error: e instanceof Error ? e.message : 'unreadable body' }));
    }
    try {
      if (parts[0] === '_sim') return send(res, this.simRoute(req, method, parts.slice(1), raw));
      if (parts.length === 0 && method === 'GET') return send(res, { status: 200, contentType: 'text/plain; charset=utf-8', raw: this.index() });
      const kind = parts[0] as SimKind;
      if (!SIM_KINDS.includes(kind)) return send(res, json(404, { error: `unknown path: partners live under ${SIM_KINDS.map((k) => `/${k}`).join(', ')}` }));
      const document = method === 'GET' ? this.document(kind, parts.slice(1)) : null;
      if (document) return send(res, document);
      const answer = this.protocolCall(req, kind, method, parts.slice(1), url.searchParams, raw);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      return send(res, answer);
    } catch (e) {
      if (e instanceof HttpError) return send(res, json(e.status, { error: e.message }));
      throw e;
    }
  }

  // --- the simulator's own endpoints: registration, health, state (loopback only) ---

  private simRoute(req: IncomingMessage, method: string, parts: string[], raw: Buffer): Answer {
    // Loopback callers only, addressing the simulator by a loopback name (no DNS rebinding from a web page).
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '') || !['127.0.0.1', 'localhost', '[::1]'].includes(host)) return json(403, { error: 'the simulator is configured from loopback only' });
    const route = `${method} ${parts.join('/')}`;
    if (route === 'GET health') return json(200, { simulator: SIM_HEALTH_NAME, speed: this.options.speed, partners: this.partners.size });
    if (route === 'GET state') return json(200, this.state());
    if (route === 'POST partners') {
      // JSON only: a browser cannot send that cross-origin without a preflight, which the simulator does not grant.
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return json(415, { error: 'send the registration as application/json' });
      return this.register(parseJson(raw));
    }
    if (route === 'POST merchant/payments') return this.payments.configure(parseJson(raw));
    if (parts[0] === 'merchant') return this.exchanges.simRoute(method, parts.slice(1), parseJson(raw));
    return json(404, { error: 'the simulator answers GET /_sim/health, GET /_sim/state, POST /_sim/partners and POST /_sim/merchant/payments' });
  }

  private register(body: Record<string, unknown> | null): Answer {
    if (!body) return json(400, { error: 'body must be a JSON object' });
    const boomerangKinds: Record<string, SimKind> = {
      CARRIER: 'carrier', LOCKER_NETWORK: 'locker', STORE_NETWORK: 'store', PICKUP: 'pickup', MERCHANT: 'merchant',
      REFURBISHER: 'refurbisher', RECYCLER: 'recycler', VENDOR: 'vendor',
    };
    const kind = typeof body.kind === 'string' ? (SIM_KINDS.includes(body.kind as SimKind) ? (body.kind as SimKind) : boomerangKinds[body.kind]) : undefined;
    if (!kind) return json(422, { error: `kind must be one of ${SIM_KINDS.join(', ')}` });
    const reg = body as Partial<SimRegistration>;
    if (typeof reg.partnerId !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(reg.partnerId)) return json(422, { error: 'partnerId must be the partner\'s GraphQL id' });
    if (typeof reg.signingSecret !== 'string' || !reg.signingSecret.trim()) return json(422, { error: 'signingSecret is required (whsec_…)' });
    let webhookUrl = `${this.options.boomerangUrl.replace(/\/+$/, '')}/webhooks/${reg.partnerId}`;
    if (reg.webhookUrl !== undefined && reg.webhookUrl !== null) {
      let parsed: URL | null = null;
      try { parsed = new URL(String(reg.webhookUrl)); } catch { /* reported below */ }
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) return json(422, { error: 'webhookUrl must be an http(s) URL' });
      webhookUrl = parsed.toString();
    }
    const partner: SimPartner = { kind, partnerId: reg.partnerId, signingSecret: reg.signingSecret, name: typeof reg.name === 'string' && reg.name ? reg.name : `${kind} ${reg.partnerId.slice(0, 8)}`, webhookUrl };
    const again = this.partners.has(partner.partnerId);
    this.partners.set(partner.partnerId, partner);
    this.warnedUnverified.delete(kind);
    this.log(kind, `${again ? 're-registered' : 'registered'} ${partner.name}: its calls are verified with its signing secret, its webhooks go to ${webhookUrl}`);
    return json(again ? 200 : 201, { kind, partnerId: partner.partnerId, name: partner.name, webhookUrl });
  }

  private state() {
    return {
      speed: this.options.speed,
      partners: [...this.partners.values()].map(({ kind, partnerId, name, webhookUrl }) => ({ kind, partnerId, name, webhookUrl })),
      labels: [...this.labels.values()].map((l) => ({ ...l, ...this.labelUrls(l.shipmentId) })),
      reservations: [...this.reservations.values()],
      dropOffs: [...this.dropOffs.values()],
      pickups: [...this.pickups.values()],
      merchantEvents: [...this.merchantEvents.entries()].map(([id, e]) => ({ id, ...e })),
      ...this.dispositions.state(),
      ...this.payments.state(),
      ...this.exchanges.state(),
      calls: [...this.calls],
      webhooks: this.world.history(),
      pendingWebhooks: this.world.pending(),
    };
  }

  private index(): string {
    const lines = [
      `Boomerang partner simulator at ${this.base} (speed ×${this.options.speed})`,
      '',
      'Partners (POST /_sim/partners registers one; Boomerang\'s demo seed does it):',
      ...(this.partners.size ? [...this.partners.values()].map((p) => `  ${p.kind.padEnd(11)} ${p.name}  → ${p.webhookUrl}`) : ['  none yet: start Boomerang (npm start) with this simulator running']),
      '',
      'Labels:',
      ...[...this.labels.values()].map((l) => `  ${l.rmaNumber} ${l.trackingNumber} ${l.status}  ${this.labelUrls(l.shipmentId).labelUrl}`),
      'Locker reservations:',
      ...[...this.reservations.values()].map((r) => `  ${r.rmaNumber} ${r.reservationId} at ${r.pointExternalId} (${r.size}) code ${r.dropOffCode} ${r.status}`),
      'Store drop-offs:',
      ...[...this.dropOffs.values()].map((d) => `  ${d.rmaNumber} ${d.reference} ${d.storeExternalId ?? 'any store'} ${d.status}`),
      'Pickups:',
      ...[...this.pickups.values()].map((p) => `  ${p.rmaNumber} ${p.confirmationNumber} ${p.window.start}..${p.window.end} ${p.status}`),
      `Merchant events received: ${this.merchantEvents.size}`,
      ...this.payments.indexLines(),
      ...this.dispositions.indexLines(),
      ...this.exchanges.indexLines(),
      '',
      'JSON: GET /_sim/state',
    ];
    return `${lines.join('\n')}\n`;
  }

  // --- documents handed out in answers (labels, QR codes): plain GETs, not signed ---

  private labelUrls(shipmentId: string) {
    const id = encodeURIComponent(shipmentId);
    return { labelUrl: `${this.base}/carrier/labels/${id}.pdf`, labelZplUrl: `${this.base}/carrier/labels/${id}.zpl`, qrCode: `${this.base}/carrier/qr/${id}.svg` };
  }

  private qrUrl(kind: SimKind, id: string): string {
    return `${this.base}/${kind}/qr/${encodeURIComponent(id)}.svg`;
  }

  private document(kind: SimKind, parts: string[]): Answer | null {
    const [what, file] = parts;
    if (parts.length !== 2 || !file) return null;
    const m = /^(.+)\.(pdf|zpl|svg)$/.exec(file);
    if (!m) return null;
    const [, id, ext] = m;
    if (kind === 'carrier' && what === 'labels' && ext !== 'svg') {
      const label = this.labels.get(id) ?? fail(404, 'no such label');
      const address = (a: Record<string, unknown>) => [a.name, a.line1, a.line2, `${String(a.postalCode)} ${String(a.city)} ${String(a.countryCode)}`]
        .filter((x): x is string => typeof x === 'string' && x !== '').map((x) => `  ${x}`);
      const body = [`Return ${label.rmaNumber}`, 'From:', ...address(label.from), 'To:', ...address(label.to), `Weight ${(label.weightGrams / 1000).toFixed(2)} kg`,
        label.status === 'VOID' ? 'VOID - do not use' : 'Simulated label (partner simulator)'];
      if (ext === 'pdf') return { status: 200, contentType: 'application/pdf', raw: pdfDocument([`${DEMO_CARRIER_NAME} - prepaid return`, `Tracking ${label.trackingNumber}`, ...body]) };
      return { status: 200, contentType: 'text/plain; charset=utf-8', raw: zplDocument(DEMO_CARRIER_NAME, body, label.trackingNumber) };
    }
    if (what !== 'qr' || ext !== 'svg') return null;
    const code = kind === 'carrier' ? this.labels.get(id)?.trackingNumber
      : kind === 'locker' ? this.reservations.get(id)?.dropOffCode
        : kind === 'store' ? this.dropOffs.get(id)?.reference : undefined;
    if (!code) return fail(404, 'no such code');
    return { status: 200, contentType: 'image/svg+xml', raw: qrPlaceholderSvg(`${kind} ${id}`, code) };
  }

  // --- protocol calls from Boomerang: signed, idempotent ---

  /** The partner whose secret verifies the call; null (logged once per kind) when the simulator knows none. */
  private identify(kind: SimKind, req: IncomingMessage, raw: Buffer): SimPartner | null {
    const candidates = [...this.partners.values()].filter((p) => p.kind === kind);
    if (!candidates.length) {
      if (!this.warnedUnverified.has(kind)) {
        this.warnedUnverified.add(kind);
        this.log(kind, 'cannot verify signatures: no signing secret registered for this kind (POST /_sim/partners); answering anyway, but no webhooks will follow');
      }
      return null;
    }
    const header = (name: string) => (Array.isArray(req.headers[name]) ? req.headers[name][0] : req.headers[name]) as string | undefined;
    const headers = { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') };
    let reason = 'MISSING_HEADERS';
    for (const partner of candidates) {
      const verified = verifyWebhook(partner.signingSecret, headers, raw.toString('utf8'), new Date());
      if (verified.ok) return partner;
      reason = verified.reason;
    }
    return fail(401, `signature not valid for any registered ${kind} partner (${reason})`);
  }

  private protocolCall(req: IncomingMessage, kind: SimKind, method: string, parts: string[], query: URLSearchParams, raw: Buffer): Answer {
    const what = `${method} /${kind}/${parts.join('/')}`;
    const record = (signature: 'verified' | 'unverified' | 'rejected', status: number, repeat = false) => {
      this.calls.push({ at: new Date().toISOString(), kind, call: what, signature, status, repeat });
      if (this.calls.length > 200) this.calls.shift();
    };
    let partner: SimPartner | null;
    try {
      partner = this.identify(kind, req, raw);
    } catch (e) {
      record('rejected', 401);
      this.log(kind, `← ${what}: ${(e as Error).message} → 401`);
      throw e;
    }
    const signature = partner ? 'verified' : 'unverified';
    const key = req.headers['idempotency-key'];
    if (method === 'POST' && (typeof key !== 'string' || !key)) {
      record(signature, 400);
      return fail(400, 'Idempotency-Key header is required');
    }
    if (typeof key === 'string' && req.headers['webhook-id'] && req.headers['webhook-id'] !== key) this.log(kind, `note: webhook-id differs from Idempotency-Key on ${what}`);
    // Reads are harmless to repeat; everything else answers a repeated key as the first time.
    const remember = method !== 'GET' ? `${kind}|${partner?.partnerId ?? '-'}|${key}` : null;
    const fingerprint = `${what}|${raw.toString('utf8')}`;
    const earlier = remember ? this.answers.get(remember) : undefined;
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) this.log(kind, `note: Idempotency-Key ${key} came back with a different request; answering as the first time`);
      record(signature, earlier.answer.status, true);
      this.log(kind, `← ${what} again with Idempotency-Key ${key}: same answer as before (${earlier.answer.status}), nothing booked twice`);
      return earlier.answer;
    }
    let answer: Answer;
    try {
      answer = this.perform({ kind, method, parts, query, body: raw.length ? parseJson(raw) ?? fail(400, 'body is not a JSON object') : null, partner });
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      answer = json(e.status, { error: e.message });
      this.log(kind, `← ${what}: ${e.message} → ${e.status}`);
    }
    record(signature, answer.status);
    if (remember && answer.status < 500) {
      this.answers.set(remember, { answer, fingerprint });
      if (this.answers.size > MAX_REMEMBERED_KEYS) this.answers.delete(this.answers.keys().next().value!);
    }
    return answer;
  }

  private perform(call: Call): Answer {
    const route = `${call.method} ${call.parts.map((p, i) => (i === 1 && call.parts.length === 3 ? ':id' : p)).join('/')}`;
    switch (`${call.kind} ${route}`) {
      case 'carrier POST labels': return this.createLabel(call);
      case 'carrier POST labels/:id/void': return this.voidLabel(call);
      case 'locker GET points': return this.points(call);
      case 'locker POST reservations': return this.reserve(call);
      case 'locker POST reservations/:id/release': return this.release(call);
      case 'store POST drop-offs': return this.announceDropOff(call);
      case 'store POST drop-offs/:id/cancel': return this.cancelDropOff(call);
      case 'pickup GET windows': return this.windows(call);
      case 'pickup POST pickups': return this.schedulePickup(call);
      case 'pickup POST pickups/:id/cancel': return this.cancelPickup(call);
      case 'merchant POST events': return this.merchantEvent(call);
      default: return this.payments.perform(call, `${call.kind} ${route}`) ?? this.dispositions.perform(call, `${call.kind} ${route}`) ?? this.exchanges.perform(call, `${call.kind} ${route}`) ?? fail(404, `the ${call.kind} protocol has no ${call.method} ${call.parts.join('/')}`);
    }
  }

  /** Events after a booking, `first` seconds then every `step` seconds of demo time. */
  private timeline(events: Array<{ type: string; data: Record<string, unknown> }>): WorldEvent[] {
    return events.map((e, i) => ({ ...e, atMs: (TIMELINE_SECONDS.first + i * TIMELINE_SECONDS.step) * 1000 }));
  }

  /** Starts the booking's timeline when the caller is known; returns what to log about it. */
  private play(
    call: { partner: SimPartner | null }, key: string, ref: string, events: Array<{ type: string; data: Record<string, unknown> }>, story: string, sequential = false,
  ): string {
    if (!call.partner) return 'no webhooks will follow (partner unknown to the simulator)';
    this.world.play(key, call.partner, ref, this.timeline(events), sequential);
    return `${story} to follow`;
  }

  // carrier

  private createLabel(call: Call): Answer {
    const req = bookingRequest(call.body);
    if (typeof call.body!.paperless !== 'boolean') fail(422, 'paperless must be true or false');
    const shipmentId = this.nextId('shp_');
    const label: Label = { shipmentId, trackingNumber: trackingNumber('DP'), rmaNumber: req.rmaNumber, from: req.from, to: req.to, weightGrams: req.weightGrams, status: 'ACTIVE', partner: call.partner?.partnerId ?? null, createdAt: new Date().toISOString() };
    this.labels.set(shipmentId, label);
    const urls = this.labelUrls(shipmentId);
    const t = label.trackingNumber;
    const city = typeof req.to.city === 'string' ? req.to.city : 'the warehouse';
    const next = this.play(call, `carrier:${shipmentId}`, t, [
      { type: 'tracking.updated', data: { trackingNumber: t, status: 'in_transit', detail: 'Handed in at a Demo Parcel point, Amsterdam' } },
      { type: 'tracking.updated', data: { trackingNumber: t, status: 'out_for_delivery', detail: `Out for delivery to ${city}` } },
      { type: 'tracking.updated', data: { trackingNumber: t, status: 'delivered', detail: `Delivered to the returns warehouse in ${city}` } },
    ], 'in_transit → out_for_delivery → delivered');
    this.log('carrier', `← POST labels for ${req.rmaNumber}${call.body!.paperless ? ' (paperless)' : ''}: ${shipmentId}, tracking ${t}, label ${urls.labelUrl}; ${next}`);
    return json(201, { shipmentId, trackingNumber: t, carrier: DEMO_CARRIER_NAME, ...urls });
  }

  private voidLabel(call: Call): Answer {
    const label = this.labels.get(call.parts[1]);
    if (label) {
      label.status = 'VOID';
      const stopped = this.world.stop(`carrier:${label.shipmentId}`);
      this.log('carrier', `← void ${label.shipmentId} (${label.rmaNumber})${stopped ? ': pending scans cancelled' : ''}`);
    } else {
      this.log('carrier', `← void ${call.parts[1]}: unknown here (already gone?), answering 204`);
    }
    return { status: 204 };
  }

  // locker

  private points(call: Call): Answer {
    const lat = Number(call.query.get('lat'));
    const lng = Number(call.query.get('lng'));
    const radiusKm = Number(call.query.get('radiusKm') ?? 10);
    if (!call.query.has('lat') || !call.query.has('lng') || !Number.isFinite(lat) || !Number.isFinite(lng) || !Number.isFinite(radiusKm)) fail(400, 'lat, lng and radiusKm must be numbers');
    const points = DEMO_LOCKERS.filter((l) => distanceKm({ latitude: lat, longitude: lng }, l) <= radiusKm).map((l) => ({
      externalId: l.externalId, name: l.name, address: l.address, latitude: l.latitude, longitude: l.longitude, openingHours: l.openingHours ?? null, compartments: l.compartments ?? [],
    }));
    this.log('locker', `← GET points near ${lat},${lng} (${radiusKm} km): ${points.length} lockers`);
    return json(200, { points });
  }

  private reserve(call: Call): Answer {
    const req = bookingRequest(call.body);
    const pointId = call.body!.pointExternalId;
    const locker = DEMO_LOCKERS.find((l) => l.externalId === pointId) ?? fail(422, `unknown locker ${String(pointId).slice(0, 40)}`);
    const compartment = (locker.compartments ?? []).find((c) => c.size === call.body!.size) ?? fail(422, `size must be one of ${(locker.compartments ?? []).map((c) => c.size).join(', ')}`);
    if (req.weightGrams > compartment.maxWeightGrams) fail(422, `a ${compartment.size} compartment takes at most ${compartment.maxWeightGrams} g`);
    const reservation: Reservation = {
      reservationId: this.nextId('res_'), pointExternalId: locker.externalId, size: compartment.size, dropOffCode: String(randomInt(100_000, 1_000_000)),
      trackingNumber: trackingNumber('LK'), rmaNumber: req.rmaNumber, expiresAt: new Date(Date.now() + 7 * DAY_MS).toISOString(), status: 'RESERVED', partner: call.partner?.partnerId ?? null,
    };
    this.reservations.set(reservation.reservationId, reservation);
    const id = reservation.reservationId;
    const next = this.play(call, `locker:${id}`, id, [
      { type: 'reservation.deposited', data: { reservationId: id } },
      { type: 'reservation.collected', data: { reservationId: id } },
    ], 'deposited → collected');
    this.log('locker', `← POST reservations for ${req.rmaNumber}: ${id} at ${locker.name} (${compartment.size}), code ${reservation.dropOffCode}; ${next}`);
    return json(201, {
      reservationId: id, pointExternalId: locker.externalId, compartmentSize: compartment.size, dropOffCode: reservation.dropOffCode,
      qrCode: this.qrUrl('locker', id), trackingNumber: reservation.trackingNumber, expiresAt: reservation.expiresAt,
    });
  }

  private release(call: Call): Answer {
    const reservation = this.reservations.get(call.parts[1]);
    if (reservation) {
      reservation.status = 'RELEASED';
      const stopped = this.world.stop(`locker:${reservation.reservationId}`);
      this.log('locker', `← release ${reservation.reservationId} (${reservation.rmaNumber})${stopped ? ': pending events cancelled' : ''}`);
    } else {
      this.log('locker', `← release ${call.parts[1]}: unknown here (already gone?), answering 204`);
    }
    return { status: 204 };
  }

  // store

  private announceDropOff(call: Call): Answer {
    const req = bookingRequest(call.body);
    const storeId = call.body!.storeExternalId ?? null;
    const store = storeId === null ? null : DEMO_STORES.find((s) => s.externalId === storeId) ?? fail(422, `unknown store ${String(storeId).slice(0, 40)}`);
    const items = call.body!.items;
    if (!Array.isArray(items) || !items.length || items.some((i) => typeof i?.sku !== 'string' || !Number.isInteger(i?.quantity) || i.quantity < 1)) fail(422, 'items must list { sku, quantity }');
    const dropOff: DropOff = {
      reference: this.nextId('DO-'), storeExternalId: store?.externalId ?? null, rmaNumber: req.rmaNumber, items: items as unknown[],
      expectedBy: new Date(Date.now() + 14 * DAY_MS).toISOString(), status: 'ANNOUNCED', partner: call.partner?.partnerId ?? null,
    };
    this.dropOffs.set(dropOff.reference, dropOff);
    const ref = dropOff.reference;
    // The customer may use any store when none was chosen: the scan names the one they went to.
    const scannedAt = store?.externalId ?? DEMO_STORES[0].externalId;
    const next = this.play(call, `store:${ref}`, ref, [
      { type: 'drop_off.scanned', data: { reference: ref, storeExternalId: scannedAt } },
      { type: 'drop_off.handed_to_carrier', data: { reference: ref, storeExternalId: scannedAt } },
    ], 'scanned → handed_to_carrier');
    this.log('store', `← POST drop-offs for ${req.rmaNumber}: ${ref} at ${store?.name ?? 'any store'}; ${next}`);
    return json(201, { reference: ref, qrCode: this.qrUrl('store', ref), expectedBy: dropOff.expectedBy });
  }

  private cancelDropOff(call: Call): Answer {
    const dropOff = this.dropOffs.get(call.parts[1]);
    if (dropOff) {
      dropOff.status = 'CANCELLED';
      const stopped = this.world.stop(`store:${dropOff.reference}`);
      this.log('store', `← cancel ${dropOff.reference} (${dropOff.rmaNumber})${stopped ? ': pending events cancelled' : ''}`);
    } else {
      this.log('store', `← cancel ${call.parts[1]}: unknown here (already gone?), answering 204`);
    }
    return { status: 204 };
  }

  // pickup

  private windows(call: Call): Answer {
    const postalCode = call.query.get('postalCode');
    const countryCode = call.query.get('countryCode');
    const days = Number(call.query.get('days') ?? 5);
    if (!postalCode || !countryCode || !Number.isInteger(days) || days < 1 || days > 30) fail(400, 'postalCode, countryCode and days (1-30) are required');
    const windows = pickupWindows(new Date(), DEFAULT_PICKUP_SLOTS, days);
    this.log('pickup', `← GET windows for ${postalCode} ${countryCode}: ${windows.length} windows`);
    return json(200, { windows });
  }

  private schedulePickup(call: Call): Answer {
    const req = bookingRequest(call.body);
    const w = call.body!.window as { start?: unknown; end?: unknown } | undefined;
    if (!w || !isInstant(w.start) || !isInstant(w.end)) return fail(422, 'window must be { start, end } ISO-8601 instants');
    if (Date.parse(w.start) >= Date.parse(w.end)) fail(422, 'window must end after it starts');
    const pickup: Pickup = {
      confirmationNumber: this.nextId('PU-'), window: { start: w.start, end: w.end }, trackingNumber: trackingNumber('PU'), rmaNumber: req.rmaNumber,
      status: 'SCHEDULED', partner: call.partner?.partnerId ?? null,
    };
    this.pickups.set(pickup.confirmationNumber, pickup);
    const n = pickup.confirmationNumber;
    // Demo time: the driver comes after a few seconds rather than in the window.
    const next = this.play(call, `pickup:${n}`, n, [{ type: 'pickup.completed', data: { confirmationNumber: n, detail: 'Parcel collected at the door' } }], 'completed');
    this.log('pickup', `← POST pickups for ${req.rmaNumber}: ${n} for ${pickup.window.start}..${pickup.window.end}; ${next}`);
    return json(201, { confirmationNumber: n, window: pickup.window, trackingNumber: pickup.trackingNumber });
  }

  private cancelPickup(call: Call): Answer {
    const pickup = this.pickups.get(call.parts[1]);
    if (pickup) {
      pickup.status = 'CANCELLED';
      const stopped = this.world.stop(`pickup:${pickup.confirmationNumber}`);
      this.log('pickup', `← cancel ${pickup.confirmationNumber} (${pickup.rmaNumber})${stopped ? ': the driver will not come' : ''}`);
    } else {
      this.log('pickup', `← cancel ${call.parts[1]}: unknown here (already gone?), answering 204`);
    }
    return { status: 204 };
  }

  // merchant

  private merchantEvent(call: Call): Answer {
    const e = call.body ?? fail(400, 'body must be a JSON object');
    if (typeof e.id !== 'string' || typeof e.type !== 'string' || typeof e.data !== 'object' || e.data === null) fail(422, 'an event needs id, type and data');
    const data = e.data as Record<string, unknown>;
    const id = e.id as string;
    if (this.merchantEvents.has(id)) {
      this.log('merchant', `← ${e.type as string} ${String(data.rmaNumber)} again (event ${id} already received)`);
      return json(200, { received: true, duplicate: true });
    }
    this.merchantEvents.set(id, { type: e.type as string, rmaNumber: String(data.rmaNumber), status: String(data.status), at: new Date().toISOString() });
    const refund = data.refund as { amount?: string; currencyCode?: string } | undefined;
    this.log('merchant', `← ${(e.type as string).padEnd(20)} ${String(data.rmaNumber)} ${String(data.orderNumber)}  status ${String(data.status)}  refund ${refund?.amount ?? '?'} ${refund?.currencyCode ?? ''}`);
    return json(200, { received: true });
  }
}

function parseJson(raw: Buffer): Record<string, unknown> | null {
  try {
    const v = JSON.parse(raw.toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, 'body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, answer: Answer): void {
  if (answer.raw !== undefined) {
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(answer.raw);
    return;
  }
  if (answer.body === undefined) {
    res.writeHead(answer.status);
    res.end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
}
