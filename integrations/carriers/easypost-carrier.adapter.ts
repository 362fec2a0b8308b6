import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundWebhook, ParcelSpec, PostalAddress, ReturnRef } from '../common';
import { PermanentPartnerError, TransientPartnerError } from '../errors';
import { JsonReader, malformedAnswer, malformedWebhook } from '../json-reader';
import { optionalSetting, requiredSetting } from '../partner-settings';
import { callPartner, type PartnerCall, type PartnerEndpoint } from '../partner-http';
import type { CarrierAdapter, CarrierLabel, TrackingStatus, TrackingUpdate } from './types';

const GRAMS_PER_OUNCE = 28.349523125;
const CM_PER_INCH = 2.54;

/** EasyPost tracker status → Boomerang's six; null means "no news" and yields no update. */
const STATUS: Record<string, TrackingStatus | null> = {
  pre_transit: 'pre_transit',
  in_transit: 'in_transit',
  out_for_delivery: 'out_for_delivery',
  // Held at a carrier location for the recipient: the last leg, not delivered yet.
  available_for_pickup: 'out_for_delivery',
  delivered: 'delivered',
  return_to_sender: 'return_to_sender',
  failure: 'failure',
  // The label was cancelled by the carrier: this parcel will not arrive on it.
  cancelled: 'failure',
  // EasyPost could not track (carrier API trouble) or knows nothing yet: says nothing about the parcel.
  error: null,
  unknown: null,
};
const TRACKER_EVENTS = new Set(['tracker.created', 'tracker.updated']);
/** Refund states after which the label is void (not_applicable: bill-on-scan carriers never charge an unused label). */
const VOID_STATES = new Set(['submitted', 'refunded', 'not_applicable']);
const LABEL_FORMATS = new Set(['PNG', 'PDF', 'ZPL', 'EPL2']);

/** One EasyPost API call with HTTP Basic auth (the API key as user name, no password); answers must be objects. */
async function easypost(partner: PartnerEndpoint, call: PartnerCall): Promise<JsonReader> {
  const authorization = `Basic ${Buffer.from(`${requiredSetting(partner, 'apiKey')}:`).toString('base64')}`;
  const answer = await callPartner(partner, { ...call, headers: { ...call.headers, authorization } });
  return JsonReader.object(answer, malformedAnswer(`EasyPost ${call.method ?? 'POST'} ${call.path}`));
}

const tenths = (n: number) => Math.ceil(n * 10) / 10;

function address(a: PostalAddress): Record<string, string> {
  const out: Record<string, string> = { street1: a.line1, city: a.city, zip: a.postalCode, country: a.countryCode };
  if (a.name) out.name = a.name;
  if (a.line2) out.street2 = a.line2;
  if (a.phone) out.phone = a.phone;
  return out;
}

/** EasyPost wants ounces and inches (one decimal); rounding up never under-declares a parcel. */
function parcel(p: ParcelSpec): Record<string, number> {
  const out: Record<string, number> = { weight: Math.max(0.1, tenths(p.weightGrams / GRAMS_PER_OUNCE)) };
  if (p.lengthCm && p.widthCm && p.heightCm) {
    Object.assign(out, { length: tenths(p.lengthCm / CM_PER_INCH), width: tenths(p.widthCm / CM_PER_INCH), height: tenths(p.heightCm / CM_PER_INCH) });
  }
  return out;
}

/**
 * EasyPost return shipments take the *outbound* addresses and swap them itself: to_address is the customer (where the
 * order went), from_address the merchant's warehouse (where the return goes).
 */
function shipmentBody(partner: PartnerEndpoint, req: ReturnRef, reference: string): unknown {
  const options: Record<string, string> = { print_custom_1: req.rmaNumber };
  const format = optionalSetting(partner, 'labelFormat')?.toUpperCase();
  if (format && LABEL_FORMATS.has(format)) options.label_format = format;
  return { shipment: { is_return: true, reference, to_address: address(req.from), from_address: address(req.to), parcel: parcel(req.parcel), options } };
}

/** The shipment created under this reference by an earlier attempt, or null (EasyPost answers 404). */
async function findByReference(partner: PartnerEndpoint, reference: string): Promise<JsonReader | null> {
  try {
    return await easypost(partner, { method: 'GET', path: `shipments/${encodeURIComponent(reference)}`, idempotencyKey: `${reference}:lookup` });
  } catch (e) {
    if (e instanceof PermanentPartnerError && e.status === 404) return null;
    throw e;
  }
}

function cheapestRate(shipment: JsonReader, service: string | null | undefined): string {
  const wanted = service?.toLowerCase();
  const rates = shipment.optionalObjects('rates')
    .filter((r) => !wanted || r.optionalString('service')?.toLowerCase() === wanted)
    .map((r) => ({ id: r.string('id'), price: Number(r.string('rate')) }));
  if (!rates.length) {
    const messages = shipment.optionalObjects('messages').map((m) => m.optionalString('message')).filter(Boolean).join('; ');
    throw new PermanentPartnerError(`EasyPost offered no rate${wanted ? ` for service ${service}` : ''}${messages ? `: ${messages}` : ''}`);
  }
  if (rates.some((r) => !Number.isFinite(r.price))) throw malformedAnswer('EasyPost POST shipments')('a rate has a non-numeric price');
  return rates.reduce((best, r) => (r.price < best.price ? r : best)).id;
}

function qrCodeOf(shipment: JsonReader): string | null {
  const form = shipment.optionalObjects('forms').find((f) => f.optionalString('form_type') === 'label_qr_code');
  return form?.optionalString('form_url') ?? null;
}

/**
 * Asks for a USPS Label Broker QR code for a bought shipment. Only USPS offers one: a refusal (4xx) leaves the paid
 * label printable without QR rather than failing a booking whose postage is already bought.
 */
async function labelBrokerQr(partner: PartnerEndpoint, id: string, idempotencyKey: string): Promise<string | null> {
  const path = `shipments/${id}/forms`;
  let answer: JsonReader;
  try {
    answer = await easypost(partner, { path, body: { form: { type: 'label_qr_code' } }, idempotencyKey: `${idempotencyKey}:qr` });
  } catch (e) {
    if (e instanceof PermanentPartnerError) return null;
    throw e;
  }
  // The forms endpoint answers with the refreshed shipment; accept a bare Form object too.
  const qrCode = answer.optionalString('object') === 'Form' ? answer.optionalString('form_url') : qrCodeOf(answer);
  if (!qrCode) throw malformedAnswer(`EasyPost POST ${path}`)('no label_qr_code form');
  return qrCode;
}

function toLabel(shipment: JsonReader, qrCode: string | null): CarrierLabel {
  const postage = shipment.child('postage_label');
  const fileType = postage.optionalString('label_file_type');
  const url = postage.optionalString('label_url');
  const labelZplUrl = postage.optionalString('label_zpl_url') ?? (fileType === 'application/zpl' ? url : null);
  const labelUrl = fileType === 'application/zpl' || fileType === 'application/epl2' ? postage.optionalString('label_pdf_url') : url;
  if (!labelUrl && !labelZplUrl) throw malformedAnswer('EasyPost shipment')('postage_label has no label URL');
  return {
    carrier: shipment.child('selected_rate').string('carrier'),
    shipmentId: shipment.string('id'),
    trackingNumber: shipment.string('tracking_code'),
    labelUrl,
    labelZplUrl,
    qrCode,
  };
}

/** The latest scan's time and message; EasyPost lists tracking_details oldest first, but do not rely on it. */
function latestDetail(tracker: JsonReader): { at: string; message: string | null } | null {
  const details = tracker.optionalObjects('tracking_details').map((d) => ({ at: d.instant('datetime'), message: d.optionalString('message') }));
  return details.reduce<{ at: string; message: string | null } | null>((latest, d) => (!latest || d.at >= latest.at ? d : latest), null);
}

function deliveryId(rawBody: string): string {
  try {
    const id = (JSON.parse(rawBody) as { id?: unknown }).id;
    if (typeof id === 'string' && id.length > 0 && id.length <= 200) return id;
  } catch { /* an unreadable body still gets an id; parseWebhook refuses it */ }
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/**
 * A carrier adapter shaped on EasyPost's public API (docs/partner-protocol.md, "EasyPost"): creates a return shipment,
 * buys its cheapest rate, optionally a USPS Label Broker QR code; voids by refund; reads tracker webhooks signed with
 * `X-Hmac-Signature`. EasyPost has no idempotency keys, so the job id is the shipment's `reference` and each attempt
 * first looks the shipment up by it: a retried job resumes the booking instead of buying a second label.
 */
export const easypostCarrierAdapter: CarrierAdapter = {
  id: 'easypost-carrier',

  async createReturnLabel(partner, req, idempotencyKey) {
    let shipment = await findByReference(partner, idempotencyKey)
      ?? await easypost(partner, { path: 'shipments', body: shipmentBody(partner, req, idempotencyKey), idempotencyKey: `${idempotencyKey}:create` });
    const id = encodeURIComponent(shipment.string('id'));
    if (!shipment.has('postage_label')) {
      const rate = cheapestRate(shipment, req.service);
      shipment = await easypost(partner, { path: `shipments/${id}/buy`, body: { rate: { id: rate } }, idempotencyKey: `${idempotencyKey}:buy` });
    }
    let qrCode = qrCodeOf(shipment);
    if (req.paperless && !qrCode) qrCode = await labelBrokerQr(partner, id, idempotencyKey);
    return toLabel(shipment, qrCode);
  },

  async voidLabel(partner, shipmentId, idempotencyKey) {
    const path = `shipments/${encodeURIComponent(shipmentId)}`;
    const current = await easypost(partner, { method: 'GET', path, idempotencyKey: `${idempotencyKey}:lookup` });
    if (VOID_STATES.has(current.optionalString('refund_status') ?? '')) return;
    const answer = await easypost(partner, { path: `${path}/refund`, idempotencyKey: `${idempotencyKey}:refund` });
    const status = answer.optionalString('refund_status');
    // EasyPost flags refunds asked for just after purchase as rejected and advises resubmitting.
    if (status === 'rejected') throw new TransientPartnerError(`EasyPost rejected the refund of ${shipmentId}`);
    if (!VOID_STATES.has(status ?? '')) throw malformedAnswer(`EasyPost POST ${path}/refund`)(`unexpected refund_status ${status}`);
  },

  parseWebhook(_partner, webhook): TrackingUpdate[] {
    const event = JsonReader.parse(webhook.rawBody, malformedWebhook);
    if (event.string('object') !== 'Event') throw malformedWebhook('body.object must be "Event"');
    // Every event of the account goes to the same URL (batches, refunds, …): only trackers concern returns.
    if (!TRACKER_EVENTS.has(event.string('description'))) return [];
    const tracker = event.child('result');
    if (tracker.string('object') !== 'Tracker') throw malformedWebhook('body.result.object must be "Tracker"');
    const status = STATUS[tracker.oneOf('status', Object.keys(STATUS))];
    const trackingNumber = tracker.string('tracking_code');
    const latest = latestDetail(tracker);
    if (!status) return [];
    const occurredAt = latest?.at ?? (tracker.has('updated_at') ? tracker.instant('updated_at') : event.instant('created_at'));
    return [{ trackingNumber, status, occurredAt, detail: latest?.message ?? tracker.optionalString('status_detail') }];
  },

  /** `X-Hmac-Signature: hmac-sha256-hex=<hex>` over the raw body, keyed with settings.webhookSecret (NFKD, as EasyPost). */
  verifyWebhook(partner: PartnerEndpoint, webhook: InboundWebhook) {
    const secret = optionalSetting(partner, 'webhookSecret');
    const given = webhook.headers['x-hmac-signature'];
    if (!secret || !given || given.length > 200) return null;
    const mac = createHmac('sha256', Buffer.from(secret.normalize('NFKD'), 'utf8')).update(webhook.rawBody, 'utf8').digest('hex');
    const expected = Buffer.from(`hmac-sha256-hex=${mac}`);
    const actual = Buffer.from(given.trim().toLowerCase());
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
    return { id: deliveryId(webhook.rawBody) };
  },
};
