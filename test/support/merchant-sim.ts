import { PartnerSimulator } from '../../scripts/partner-sim/simulator';
import type { PaymentMode } from '../../scripts/partner-sim/merchant-payments';
import type { TestApi } from './harness';

/** A payment the simulated merchant received (GET /_sim/state `payments`). */
export interface SimPayment { kind: string; id: string; rmaNumber: string; amount: string; currencyCode: string; mode: PaymentMode; reference: string | null }

/**
 * The partner simulator playing the merchant's payment side for one test file: in process, on loopback, registered
 * with Boomerang as a MERCHANT partner taking refunds and store credit, its webhooks going to the test's API.
 */
export class MerchantSim {
  partnerId = '';
  signingSecret = '';
  apiKey = '';
  private url = '';
  private constructor(private readonly sim: PartnerSimulator) {}

  /** `speed` divides the simulator's delays: its webhooks come 8 s / speed after an accepted (PENDING) request. */
  static async start(api: TestApi, opts: { speed?: number; capabilities?: Record<string, unknown> } = {}): Promise<MerchantSim> {
    const sim = new PartnerSimulator({ speed: opts.speed ?? 4, boomerangUrl: api.url.replace(/\/graphql$/, ''), log: () => undefined });
    const me = new MerchantSim(sim);
    me.url = await sim.listen(0);
    const admin = await api.token('ADMIN', 'admin-1');
    const created = await api.gql(`mutation($input: CreatePartnerInput!) { createPartner(input: $input) { partner { id } signingSecret userErrors { code message } } }`, {
      input: { kind: 'MERCHANT', name: 'Sim Shop', adapter: 'boomerang-merchant-v1', endpoint: `${me.url}/merchant/`, capabilities: opts.capabilities ?? { refunds: true, storeCredit: true } },
    }, admin);
    if (created.errors || created.data.createPartner.userErrors.length) throw new Error(JSON.stringify(created.errors ?? created.data.createPartner.userErrors));
    me.partnerId = created.data.createPartner.partner.id;
    me.signingSecret = created.data.createPartner.signingSecret;
    const key = await api.gql(`mutation($input: CreatePartnerApiKeyInput!) { createPartnerApiKey(input: $input) { secret } }`, { input: { partnerId: me.partnerId } }, admin);
    me.apiKey = key.data.createPartnerApiKey.secret;
    await me.post('/_sim/partners', { kind: 'MERCHANT', partnerId: me.partnerId, signingSecret: me.signingSecret, name: 'Sim Shop' });
    return me;
  }

  /** What the next payment requests meet, in order, then `fallback` for every later one. */
  async script(outcomes: PaymentMode[], fallback: PaymentMode = 'later'): Promise<void> {
    await this.post('/_sim/merchant/payments', { outcomes, default: fallback });
  }

  async state(): Promise<{ payments: SimPayment[]; merchantEvents: Array<{ type: string; rmaNumber: string }>; calls: Array<{ call: string; status: number; signature: string; repeat: boolean }>; webhooks: Array<{ type: string; ref: string; outcome: string }> }> {
    return (await fetch(`${this.url}/_sim/state`)).json() as never;
  }

  /** The payment requests the merchant received for one refund or store credit, oldest first. */
  async paymentsFor(id: string): Promise<SimPayment[]> {
    return (await this.state()).payments.filter((p) => p.id === id);
  }

  close(): Promise<void> {
    return this.sim.close();
  }

  private async post(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  }
}
