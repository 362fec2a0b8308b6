import { decodeGlobalId } from '../../src/domain/ids';
import { startTestApi, type TestApi } from './harness';
import { PartnerServer } from './partner-server';
import { APPROVE, INSPECT, RECEIVE, REQUEST, SET_DISPOSITION, importOrders, mutate, mutateOk, orderInput, uniq } from './fixtures';

/** The fields disposition tests look at on lots, VRAs and refurbishment jobs. */
export const LOT = 'id status declaredWeightKg partner { id } units { sku units weightKg returnItem { id } } events { type data }';
export const VRA = 'id status vendorReference expectedCredit { amount } partner { id } units { units expectedCredit { amount } returnItem { id } } events { type data }';
export const JOB = 'id status partner { id } events { type data }';

const LOTS = `query { recyclingLots(first: 100) { edges { node { ${LOT} } } } }`;
const VRAS = `query { vendorReturnAuthorizations(first: 100) { edges { node { ${VRA} } } } }`;
const JOBS = `query($filter: RefurbishmentJobFilter) { refurbishmentJobs(first: 5, filter: $filter) { edges { node { ${JOB} } } } }`;
const LOT_NODE = `query($id: ID!) { node(id: $id) { ... on RecyclingLot { ${LOT} } } }`;
const VRA_NODE = `query($id: ID!) { node(id: $id) { ... on VendorReturnAuthorization { ${VRA} } } }`;
const INTEGRATION_JOBS = 'query($filter: IntegrationJobFilter) { integrationJobs(first: 100, filter: $filter) { edges { node { id type status attempts lastError payload } } } }';

const DISPATCH_LOT = `mutation($input: DispatchRecyclingLotInput!) { dispatchRecyclingLot(input: $input) { lot { ${LOT} } userErrors { code message field } } }`;
const DISPATCH_VRA = `mutation($input: DispatchVendorReturnInput!) { dispatchVendorReturn(input: $input) { authorization { ${VRA} } userErrors { code message field } } }`;
export const RETRY_JOB = 'mutation($id: ID!) { retryIntegrationJob(input: { jobId: $id }) { job { status attempts } userErrors { code } } }';

type Kind = 'RECYCLER' | 'VENDOR' | 'REFURBISHER';
const ADAPTER: Record<Kind, string> = { RECYCLER: 'boomerang-recycler-v1', VENDOR: 'boomerang-vendor-v1', REFURBISHER: 'boomerang-refurbisher-v1' };

/** What one returned line looks like; override what a test cares about. */
export interface ReturnedLine {
  category?: string; quantity?: number; received?: number; unitPrice?: string; weightGrams?: number | null; supplier?: string | null;
  grade?: string; disposition?: string;
}

/**
 * A warehouse desk for tests of where dispositions send units: registers partners, walks returned items to a
 * disposition, and finds the refurbishment job, recycling lot or vendor return authorization holding an item.
 */
export class DispositionDesk {
  private constructor(
    readonly api: TestApi, readonly server: PartnerServer, readonly admin: string, readonly operator: string, readonly customer: string,
  ) {}

  /**
   * A test API (`env` on top of the harness defaults) and one loopback partner that acknowledges every dispatch (a
   * recycler's lot, a vendor's authorization, a refurbisher's job) unless told otherwise; partners register at its url.
   */
  static async start(env: Record<string, string> = {}): Promise<DispositionDesk> {
    const server = await new PartnerServer().start();
    server.fallback = { status: 201, body: JSON.stringify({ recyclerReference: 'REC-OK', vendorReference: 'RMA-OK' }) };
    const api = await startTestApi(env);
    return new DispositionDesk(api, server, await api.token('ADMIN', 'admin'), await api.token('OPERATOR', 'op'), await api.token('CUSTOMER', 'cust-a'));
  }

  async stop(): Promise<void> {
    await this.api.stop();
    await this.server.stop();
  }

  private async query(doc: string, variables: Record<string, unknown> = {}, token = this.operator) {
    const res = await this.api.gql(doc, variables, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }

  /** Registers a partner of `kind` at `endpoint`; its id. */
  async partner(kind: Kind, endpoint: string, capabilities: Record<string, unknown>, settings: Record<string, unknown> = {}): Promise<string> {
    const data = await this.query('mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } userErrors { code message } } }',
      { input: { kind, name: uniq(`${kind}-`), adapter: ADAPTER[kind], endpoint, capabilities, settings } }, this.admin);
    expect(data.createPartner.userErrors).toEqual([]);
    return data.createPartner.partner.id;
  }

  /**
   * One line of `quantity` units (default 1) returned as DEFECTIVE; `received` of them (default all) received, inspected
   * (`grade`, default DAMAGED) and given `disposition` (if any, with a reason).
   */
  async item(line: ReturnedLine): Promise<{ returnId: string; itemId: string }> {
    const quantity = line.quantity ?? 1;
    const [order] = await importOrders(this.api, [orderInput({
      lines: [{
        sku: uniq('D-'), name: 'Returned thing', category: line.category ?? 'electronics', quantity, unitPrice: line.unitPrice ?? '50.00',
        weightGrams: line.weightGrams === undefined ? 300 : line.weightGrams, vendorReturnable: true, refurbishable: true, supplier: line.supplier ?? null,
      }],
    })]);
    const ret = await mutateOk(this.api, REQUEST, { orderId: order.id, items: [{ orderLineId: order.lines[0].id, quantity, reason: 'DEFECTIVE' }] }, this.customer);
    const itemId = ret.items[0].id as string;
    await mutateOk(this.api, APPROVE, { returnId: ret.id }, this.operator);
    await this.receive(ret.id, itemId, line.received ?? quantity);
    await mutateOk(this.api, INSPECT, { returnItemId: itemId, grade: line.grade ?? 'DAMAGED' }, this.operator);
    if (line.disposition) expect((await this.setDisposition(itemId, line.disposition)).userErrors).toEqual([]);
    return { returnId: ret.id, itemId };
  }

  /** Receives more units of an item (they must be inspected again). */
  async receive(returnId: string, itemId: string, quantity: number) {
    return mutateOk(this.api, RECEIVE, { returnId, items: [{ returnItemId: itemId, quantity }] }, this.operator);
  }

  async inspect(itemId: string, grade = 'DAMAGED') {
    return mutateOk(this.api, INSPECT, { returnItemId: itemId, grade }, this.operator);
  }

  /** setDisposition's payload (item and userErrors). */
  async setDisposition(itemId: string, disposition: string) {
    return mutate(this.api, SET_DISPOSITION, { returnItemId: itemId, disposition, reason: `test: ${disposition}` }, this.operator);
  }

  /** An operator dispatches a lot: the payload. */
  async dispatchLot(lotId: string) {
    return mutate(this.api, DISPATCH_LOT, { lotId }, this.operator);
  }

  /** An operator dispatches a VRA: the payload. */
  async dispatchVra(authorizationId: string) {
    return mutate(this.api, DISPATCH_VRA, { authorizationId }, this.operator);
  }

  /** The lot holding the item's units, or null. */
  async lotOf(itemId: string) {
    const data = await this.query(LOTS);
    return data.recyclingLots.edges.map((e: any) => e.node).find((l: any) => l.units.some((u: any) => u.returnItem?.id === itemId)) ?? null;
  }

  /** The VRA holding the item's units, or null. */
  async vraOf(itemId: string) {
    const data = await this.query(VRAS);
    return data.vendorReturnAuthorizations.edges.map((e: any) => e.node).find((v: any) => v.units.some((u: any) => u.returnItem?.id === itemId)) ?? null;
  }

  /** The item's refurbishment job, or null. */
  async jobOf(itemId: string) {
    const data = await this.query(JOBS, { filter: { returnItemId: itemId } });
    return data.refurbishmentJobs.edges[0]?.node ?? null;
  }

  /** A lot by id (also once it holds nothing). */
  async lot(id: string) {
    return (await this.query(LOT_NODE, { id })).node;
  }

  /** A VRA by id (also once it holds nothing). */
  async vra(id: string) {
    return (await this.query(VRA_NODE, { id })).node;
  }

  /** The admin's view of the integration jobs of `type` whose payload names the batch (global id). */
  async integrationJobsFor(type: string, payloadKey: string, batchId: string) {
    const data = await this.query(INTEGRATION_JOBS, { filter: { type } }, this.admin);
    const rawId = decodeGlobalId(batchId)!.id;
    return data.integrationJobs.edges.map((e: any) => e.node).filter((j: any) => j.payload[payloadKey] === rawId);
  }

  /** The return as the operator sees it: status and DISPOSITION_SET events. */
  async returnOf(returnId: string) {
    return (await this.query(`query($id: ID!) { node(id: $id) { ... on Return { status items { id disposition receivedQuantity } events { type data } } } }`, { id: returnId })).node;
  }
}
