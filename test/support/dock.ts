import type { TestApi } from './harness';
import { APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutateOk, orderInput, uniq } from './fixtures';
import { PartnerServer, eventually } from './partner-server';

// Returns on their way to the warehouse, booked through the real worker with a loopback carrier and locker network:
// what the dock scans (RMA, tracking number, drop-off code) and what the warehouse console then works on; and the
// back office's exceptions (a recycling lot whose report needs review, a refurbishment job past its SLA) through a
// loopback recycler and refurbisher. Overdue jobs need the API started with a short REFURB_OVERDUE_SWEEP_MS.

const AMSTERDAM = { latitude: 52.3791, longitude: 4.898 };
const OPTIONS = `query($id: ID!, $near: GeoPointInput) { returnMethodOptions(returnId: $id, near: $near) { id type locations { id } } }`;
const SELECT = `mutation($input: SelectReturnMethodInput!) { selectReturnMethod(input: $input) { userErrors { code message } } }`;
const STATE = `query($id: ID!) { node(id: $id) { ... on Return { status method { status failureReason label { trackingNumber } dropOffCode } } } }`;

/** A return booked and waiting to be dropped off, with the codes its parcel carries. */
export interface IncomingReturn {
  id: string;
  rmaNumber: string;
  trackingNumber: string | null;
  dropOffCode: string | null;
  items: Array<{ id: string; quantity: number }>;
}

/** A loopback carrier and locker network registered as partners, and a policy offering both. */
export class Dock {
  readonly carrier = new PartnerServer();
  readonly locker = new PartnerServer();
  /** The recycler and the refurbisher: they acknowledge every lot and job. */
  readonly backOffice = new PartnerServer();
  private admin = '';
  private operator = '';
  private customer = '';

  constructor(private readonly api: TestApi) {}

  async start(): Promise<this> {
    await Promise.all([this.carrier.start(), this.locker.start(), this.backOffice.start()]);
    this.backOffice.fallback = { status: 201, body: JSON.stringify({ recyclerReference: 'REC-1', vendorReference: 'FIX-1' }) };
    this.admin = await this.api.token('ADMIN', 'admin-1');
    this.operator = await this.api.token('OPERATOR', 'op-1');
    this.customer = await this.api.token('CUSTOMER', 'cust-a');
    await this.partner('CARRIER', 'boomerang-carrier-v1', this.carrier.url, 'LoopPost');
    const locker = await this.partner('LOCKER_NETWORK', 'boomerang-locker-v1', this.locker.url, 'LoopLockers');
    await this.ok(`mutation($input: UpsertDropOffLocationsInput!) { upsertDropOffLocations(input: $input) { userErrors { code message } } }`, {
      input: { partnerId: locker, locations: [{ externalId: 'L-1', type: 'LOCKER', name: 'Locker Centraal', address: 'Stationsplein 1', ...AMSTERDAM,
        openingHours: '24/7', compartments: [{ size: 'A', heightCm: 8, widthCm: 38, depthCm: 64, maxWeightGrams: 25000 }] }] },
    });
    await this.ok(`mutation { upsertReturnPolicy(input: { windowDays: 30, methodFees: [{ type: CARRIER_DROP_OFF, fee: 0 }, { type: LOCKER, fee: 0 }] }) { userErrors { code message } } }`, {});
    return this;
  }

  /**
   * Imports an order of `lines`, requests the return of every unit as the customer, approves it and books `method`
   * (the carrier issues a unique tracking number, the locker a unique drop-off code); resolves once AWAITING_DROP_OFF.
   */
  async incomingReturn(
    method: 'CARRIER_DROP_OFF' | 'LOCKER',
    lines: Array<Record<string, unknown>> = [{ sku: uniq('SHOE-'), name: 'Running shoe', category: 'footwear', quantity: 2, unitPrice: '89.90', weightGrams: 900 }],
  ): Promise<IncomingReturn> {
    const [order] = await importOrders(this.api, [orderInput({
      shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', countryCode: 'NL', ...AMSTERDAM }, lines,
    })]);
    const requested = await mutateOk(this.api, REQUEST, {
      orderId: order.id, items: order.lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity, reason: 'CHANGED_MIND' })),
    }, this.customer);
    const ret = requested.status === 'REQUESTED' ? await mutateOk(this.api, APPROVE, { returnId: requested.id }, this.operator) : requested;
    const code = uniq().toUpperCase();
    if (method === 'CARRIER_DROP_OFF') {
      this.carrier.next({ status: 200, body: JSON.stringify({ carrier: 'LoopPost', shipmentId: `shp_${code}`, trackingNumber: `TRK${code}`, labelUrl: `http://127.0.0.1/labels/${code}.pdf`, labelZplUrl: null, qrCode: `QR-${code}` }) });
    } else {
      this.locker.next({ status: 200, body: JSON.stringify({ reservationId: `res_${code}`, pointExternalId: 'L-1', compartmentSize: 'A', dropOffCode: `D${code}`, qrCode: null, trackingNumber: null, expiresAt: '2099-01-01T00:00:00Z' }) });
    }
    const options = (await this.api.gql(OPTIONS, { id: ret.id, near: AMSTERDAM }, this.customer)).data.returnMethodOptions as Array<{ id: string; type: string; locations: Array<{ id: string }> }>;
    const option = options.find((o) => o.type === method);
    if (!option) throw new Error(`no ${method} option: ${JSON.stringify(options)}`);
    const selected = await this.api.gql(SELECT, { input: { returnId: ret.id, optionId: option.id, ...(method === 'LOCKER' ? { locationId: option.locations[0].id } : {}) } }, this.customer);
    if (selected.errors || selected.data.selectReturnMethod.userErrors.length) throw new Error(JSON.stringify(selected.errors ?? selected.data.selectReturnMethod.userErrors));
    let last: unknown = null;
    const booked = await eventually(async () => {
      const node = (await this.api.gql(STATE, { id: ret.id }, this.operator)).data.node;
      last = node;
      return node.status === 'AWAITING_DROP_OFF' ? node : null;
    }, 30_000).catch(() => {
      throw new Error(`${method} booking of ${ret.rmaNumber} did not complete: ${JSON.stringify(last)}; partner calls: ${JSON.stringify(this.carrier.calls.concat(this.locker.calls).map((c) => c.path))}`);
    });
    return {
      id: ret.id, rmaNumber: ret.rmaNumber, trackingNumber: booked.method.label?.trackingNumber ?? null, dropOffCode: booked.method.dropOffCode ?? null,
      items: ret.items.map((i: { id: string; quantity: number }) => ({ id: i.id, quantity: i.quantity })),
    };
  }

  async stop(): Promise<void> {
    await Promise.all([this.carrier.stop(), this.locker.stop(), this.backOffice.stop()]);
  }

  /**
   * A recycling lot in NEEDS_REVIEW: a 1 kg unit of a category only a new recycler takes, sent to RECYCLE, its lot
   * dispatched and reported at half the weight. Resolves with the lot and the recycler's name.
   */
  async lotNeedingReview(): Promise<{ id: string; recycler: string }> {
    const category = uniq('scrap-');
    const recycler = uniq('Recycler-');
    const partnerId = await this.partner('RECYCLER', 'boomerang-recycler-v1', this.backOffice.url, recycler, { categories: [category] });
    const key = (await this.ok(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret userErrors { code message } } }`, { input: { partnerId } })).secret as string;
    await this.unitTo({ category, weightGrams: 1000 }, 'UNSALVAGEABLE', 'RECYCLE');
    const lots = `query { recyclingLots(first: 100) { edges { node { id status partner { id } } } } }`;
    const lotOf = async () => ((await this.api.gql(lots, {}, this.operator)).data.recyclingLots.edges as Array<{ node: { id: string; status: string; partner: { id: string } | null } }>)
      .map((e) => e.node).find((l) => l.partner?.id === partnerId);
    const lot = (await lotOf())!;
    await this.ok(`mutation($input: DispatchRecyclingLotInput!) { dispatchRecyclingLot(input: $input) { lot { id } userErrors { code message } } }`, { input: { lotId: lot.id } }, this.operator);
    await eventually(async () => (await lotOf())?.status === 'DISPATCHED', 30_000);
    const reported = await this.ok(`mutation($input: ReportRecyclingLotInput!) { reportRecyclingLot(input: $input) { lot { status } userErrors { code message } } }`,
      { input: { lotId: lot.id, certificateNumber: uniq('CERT-'), materials: [{ material: 'PLASTICS', weightKg: 0.5, route: 'RECYCLING' }] } }, key);
    if (reported.lot.status !== 'NEEDS_REVIEW') throw new Error(`the lot is ${reported.lot.status}, not NEEDS_REVIEW`);
    return { id: lot.id, recycler };
  }

  /** A refurbishment job past its vendor's SLA (a few seconds), flagged by the overdue sweep; resolves with its SKU. */
  async overdueRefurbishmentJob(): Promise<{ sku: string }> {
    const category = uniq('gadgets-');
    await this.partner('REFURBISHER', 'boomerang-refurbisher-v1', this.backOffice.url, uniq('Fixer-'), { categories: [category], capacity: 10 }, { costPerUnit: 25, turnaroundDays: 4, slaDays: 0.00003 });
    const sku = uniq('GADGET-');
    await this.unitTo({ sku, category, weightGrams: 200, unitPrice: '499.00', refurbishable: true }, 'DAMAGED', 'REFURBISH');
    const overdue = `query { refurbishmentJobs(first: 100, filter: { overdue: true }) { edges { node { sku } } } }`;
    await eventually(async () => (await this.api.gql(overdue, {}, this.operator)).data.refurbishmentJobs.edges.some((e: { node: { sku: string } }) => e.node.sku === sku), 30_000);
    return { sku };
  }

  /** `count` returns received at the dock (one unit each), waiting for inspection; their RMA numbers. */
  async receivedReturns(count: number): Promise<string[]> {
    const orders = await importOrders(this.api, Array.from({ length: count }, () => orderInput({ lines: [{ sku: uniq('R-'), name: 'Received unit', category: 'general', quantity: 1, unitPrice: '15.00' }] })));
    const rmas: string[] = [];
    for (const order of orders) {
      const ret = await mutateOk(this.api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'STYLE' }] }, this.customer);
      if (ret.status === 'REQUESTED') await mutateOk(this.api, APPROVE, { returnId: ret.id }, this.operator);
      await mutateOk(this.api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: ret.items[0].id, quantity: 1 }] }, this.operator);
      rmas.push(ret.rmaNumber);
    }
    return rmas;
  }

  /** One unit of `line` returned as DEFECTIVE, received, graded `grade` and sent to `disposition` through the API. */
  private async unitTo(line: Record<string, unknown>, grade: string, disposition: string): Promise<void> {
    const [order] = await importOrders(this.api, [orderInput({ lines: [{ sku: uniq('U-'), name: 'Returned unit', quantity: 1, unitPrice: '20.00', ...line }] })]);
    const ret = await mutateOk(this.api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity: 1, reason: 'DEFECTIVE' }] }, this.customer);
    const itemId = ret.items[0].id as string;
    if (ret.status === 'REQUESTED') await mutateOk(this.api, APPROVE, { returnId: ret.id }, this.operator);
    await mutateOk(this.api, RECEIVE, { returnId: ret.id, items: [{ returnItemId: itemId, quantity: 1 }] }, this.operator);
    await mutateOk(this.api, INSPECT, { returnItemId: itemId, grade }, this.operator);
    await mutateOk(this.api, SET_DISPOSITION, { returnItemId: itemId, disposition, reason: 'chosen by the test' }, this.operator);
  }

  private async partner(kind: string, adapter: string, endpoint: string, name: string, capabilities?: Record<string, unknown>, settings?: Record<string, unknown>): Promise<string> {
    const res = await this.ok(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code message } } }`,
      { input: { kind, name, adapter, endpoint, ...(capabilities ? { capabilities } : {}), ...(settings ? { settings } : {}) } });
    return res.partner.id;
  }

  private async ok(query: string, variables: Record<string, unknown>, token = this.admin) {
    const res = await this.api.gql(query, variables, token);
    const payload = res.data && Object.values(res.data as Record<string, any>)[0];
    if (res.errors || payload.userErrors.length) throw new Error(JSON.stringify(res.errors ?? payload.userErrors));
    return payload;
  }
}
