import { formatAmount, isSupportedCurrency, parseAmount } from '../../src/domain/money';
import { fail, json, type Answer, type Call } from './answers';
import { planRecyclingReport, planRefurbishment, planVendorCredit, type RefurbishmentPlan } from './disposition-rules';
import type { SimPartner } from './world';

/** A story of webhooks to play for one job, lot or authorization (the simulator's timeline and world). */
export type Play = (call: { partner: SimPartner | null }, key: string, ref: string, events: Array<{ type: string; data: Record<string, unknown> }>, story: string, sequential?: boolean) => string;

interface RefurbJob {
  jobId: string; vendorReference: string; sku: string; category: string; conditionGrade: string | null; currencyCode: string;
  plan: RefurbishmentPlan; decision: string | null; partner: SimPartner | null; receivedAt: string;
}
interface Lot { lotId: string; recyclerReference: string; declaredWeightKg: number; certificateNumber: string; dataDestructionCertificate: string | null; offWeight: boolean; reportedKg: number; partner: string | null }
interface Authorization { authorizationId: string; vendorReference: string; supplier: string | null; expected: string; credited: string; currencyCode: string; creditNote: string; partner: string | null }

const str = (body: Record<string, unknown>, field: string): string => {
  const v = body[field];
  return typeof v === 'string' && v.trim() ? v : fail(422, `${field} must be a non-empty string`);
};
const optionalStr = (body: Record<string, unknown>, field: string): string | null => {
  const v = body[field];
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : fail(422, `${field} must be a string or null`);
};
const bodyOf = (call: Call): Record<string, unknown> => call.body ?? fail(400, 'body must be a JSON object');

/**
 * The disposition partners of Boomerang's protocol (docs/partner-protocol.md, "Refurbishers", "Recyclers", "Vendors"):
 * a refurbisher that accepts, diagnoses, repairs and completes units (or rejects them, or finds them unrepairable), a
 * recycler that reports material fractions with certificates, a vendor that confirms credits. What each does is decided
 * by disposition-rules.ts; the reports go back to Boomerang as signed webhooks, on the simulator's timeline.
 */
export class DispositionPartners {
  private readonly jobs = new Map<string, RefurbJob>();
  private readonly lots = new Map<string, Lot>();
  private readonly authorizations = new Map<string, Authorization>();

  constructor(private readonly nextId: (prefix: string) => string, private readonly play: Play, private readonly log: (kind: string, message: string) => void) {}

  /** Answers a protocol call of these kinds, or null when the route is not one of theirs. */
  perform(call: Call, route: string): Answer | null {
    switch (route) {
      case 'refurbisher POST jobs': return this.receiveJob(call);
      case 'refurbisher POST jobs/:id/decision': return this.decision(call);
      case 'recycler POST lots': return this.receiveLot(call);
      case 'vendor POST authorizations': return this.receiveAuthorization(call);
      default: return null;
    }
  }

  state() {
    return {
      refurbishmentJobs: [...this.jobs.values()].map(({ partner, plan, ...job }) => ({ ...job, outcome: plan.outcome, partner: partner?.partnerId ?? null })),
      recyclingLots: [...this.lots.values()],
      vendorAuthorizations: [...this.authorizations.values()],
    };
  }

  indexLines(): string[] {
    return [
      'Refurbishment jobs:',
      ...[...this.jobs.values()].map((j) => `  ${j.vendorReference} ${j.sku} (${j.conditionGrade ?? 'ungraded'}): plan ${j.plan.outcome}${j.decision ? `, Boomerang decided ${j.decision}` : ''}`),
      'Recycling lots:',
      ...[...this.lots.values()].map((l) => `  ${l.recyclerReference} declared ${l.declaredWeightKg} kg, reported ${l.reportedKg} kg${l.offWeight ? ' (off)' : ''}, ${l.certificateNumber}${l.dataDestructionCertificate ? ` + ${l.dataDestructionCertificate}` : ''}`),
      'Vendor return authorizations:',
      ...[...this.authorizations.values()].map((a) => `  ${a.vendorReference} ${a.supplier ?? 'no supplier'}: expected ${a.expected}, credited ${a.credited} ${a.currencyCode} (${a.creditNote})`),
    ];
  }

  // refurbisher

  private receiveJob(call: Call): Answer {
    const body = bodyOf(call);
    const jobId = str(body, 'jobId');
    const known = this.jobs.get(jobId);
    if (known) {
      this.log('refurbisher', `← POST jobs for ${known.sku}: job ${known.vendorReference} again, nothing new`);
      return json(201, { vendorReference: known.vendorReference });
    }
    if (typeof body.dataBearing !== 'boolean') fail(422, 'dataBearing must be true or false');
    const currencyCode = optionalStr(body, 'currencyCode') ?? 'EUR';
    if (!isSupportedCurrency(currencyCode)) fail(422, 'currencyCode must be an ISO 4217 code');
    const facts = { category: str(body, 'category'), conditionGrade: optionalStr(body, 'conditionGrade'), inspectionNotes: optionalStr(body, 'inspectionNotes'), dataBearing: body.dataBearing as boolean, currencyCode };
    const plan = planRefurbishment(facts);
    const job: RefurbJob = {
      jobId, vendorReference: this.nextId('RF-'), sku: str(body, 'sku'), category: facts.category, conditionGrade: facts.conditionGrade, currencyCode,
      plan, decision: null, partner: call.partner, receivedAt: new Date().toISOString(),
    };
    this.jobs.set(jobId, job);
    const money = (minor: number) => ({ amount: formatAmount(minor, currencyCode), currencyCode });
    const events = plan.outcome === 'REJECTED'
      ? [{ type: 'job.rejected', data: { jobId, notes: plan.reason } }]
      : plan.outcome === 'UNREPAIRABLE'
        ? [{ type: 'job.accepted', data: { jobId } }, { type: 'job.unrepairable', data: { jobId, notes: plan.reason } }]
        : [{ type: 'job.accepted', data: { jobId } }, {
          type: 'job.diagnosed',
          data: { jobId, quote: money(plan.quoteMinor), notes: `parts ${formatAmount(plan.partsMinor, currencyCode)} (${plan.partsReplaced.join(', ') || 'none'}) + labour ${formatAmount(plan.labourMinor, currencyCode)}` },
        }];
    const story = plan.outcome === 'COMPLETED' ? 'accepted → diagnosed (then the repair once Boomerang says REPAIR)' : events.map((e) => e.type.slice(4)).join(' → ');
    const next = this.play(call, `refurbisher:${jobId}`, job.vendorReference, events, story, true);
    this.log('refurbisher', `← POST jobs: ${job.sku} ${facts.category} graded ${facts.conditionGrade ?? '-'}: ${job.vendorReference}, plan ${plan.outcome}; ${next}`);
    return json(201, { vendorReference: job.vendorReference });
  }

  private decision(call: Call): Answer {
    const body = bodyOf(call);
    const decision = str(body, 'decision');
    if (!['REPAIR', 'RETURN_AS_IS', 'HARVEST_PARTS', 'RECYCLE'].includes(decision)) fail(422, 'decision must be REPAIR, RETURN_AS_IS, HARVEST_PARTS or RECYCLE');
    const job = this.jobs.get(call.parts[1]);
    if (!job) {
      this.log('refurbisher', `← decision ${decision} for ${call.parts[1].slice(0, 40)}: unknown here (simulator restarted?), acknowledged`);
      return json(200, { received: true });
    }
    job.decision = decision;
    const { plan } = job;
    if (decision !== 'REPAIR' || plan.outcome !== 'COMPLETED') {
      this.log('refurbisher', `← decision ${decision} for ${job.vendorReference}: acknowledged, nothing more to report`);
      return json(200, { received: true });
    }
    const money = (minor: number) => ({ amount: formatAmount(minor, job.currencyCode), currencyCode: job.currencyCode });
    const next = this.play(job, `refurbisher:${job.jobId}`, job.vendorReference, [
      { type: 'job.in_repair', data: { jobId: job.jobId } },
      {
        type: 'job.completed',
        data: {
          jobId: job.jobId, cost: money(plan.quoteMinor), cosmeticGrade: plan.cosmeticGrade, functionalGrade: plan.functionalGrade,
          batteryHealthPct: plan.batteryHealthPct, partsReplaced: plan.partsReplaced,
          sanitizationCertificateRef: plan.sanitize ? `SAN-${job.vendorReference}` : null,
        },
      },
    ], 'in_repair → completed', true);
    this.log('refurbisher', `← decision REPAIR for ${job.vendorReference} (${JSON.stringify(body.approvedQuote ?? null)}): ${next}`);
    return json(200, { received: true });
  }

  // recycler

  private receiveLot(call: Call): Answer {
    const body = bodyOf(call);
    const lotId = str(body, 'lotId');
    const known = this.lots.get(lotId);
    if (known) return json(201, { recyclerReference: known.recyclerReference });
    const declaredWeightKg = body.declaredWeightKg;
    if (typeof declaredWeightKg !== 'number' || !(declaredWeightKg >= 0)) fail(422, 'declaredWeightKg must be a non-negative number');
    if (typeof body.dataBearing !== 'boolean') fail(422, 'dataBearing must be true or false');
    const units = Array.isArray(body.units) ? (body.units as Array<Record<string, unknown>>) : fail(422, 'units must be an array');
    const facts = units.map((u, i) => {
      if (typeof u?.category !== 'string' || !Number.isInteger(u.units) || (u.weightKg !== null && typeof u.weightKg !== 'number')) fail(422, `units[${i}] must be { sku, category, units, weightKg }`);
      return { category: u.category as string, units: u.units as number, weightKg: u.weightKg as number | null };
    });
    const plan = planRecyclingReport({ lotId, declaredWeightKg: declaredWeightKg as number, units: facts });
    const year = new Date().getUTCFullYear();
    const lot: Lot = {
      lotId, recyclerReference: this.nextId('RC-'), declaredWeightKg: declaredWeightKg as number, certificateNumber: this.nextId(`CERT-${year}-`),
      dataDestructionCertificate: body.dataBearing ? this.nextId(`DD-${year}-`) : null, offWeight: plan.offWeight, reportedKg: plan.totalKg,
      partner: call.partner?.partnerId ?? null,
    };
    this.lots.set(lotId, lot);
    const next = this.play(call, `recycler:${lotId}`, lot.recyclerReference, [{
      type: 'lot.reported',
      data: { lotId, certificateNumber: lot.certificateNumber, dataDestructionCertificate: lot.dataDestructionCertificate, materials: plan.materials },
    }], `a report of ${plan.totalKg} kg${plan.offWeight ? ' (weighed off: Boomerang will flag it)' : ''}`);
    this.log('recycler', `← POST lots: ${String(body.materialStream)} ${declaredWeightKg} kg: ${lot.recyclerReference}; ${next}`);
    return json(201, { recyclerReference: lot.recyclerReference });
  }

  // vendor

  private receiveAuthorization(call: Call): Answer {
    const body = bodyOf(call);
    const authorizationId = str(body, 'authorizationId');
    const known = this.authorizations.get(authorizationId);
    if (known) return json(201, { vendorReference: known.vendorReference });
    const expected = (typeof body.expectedCredit === 'object' && body.expectedCredit !== null ? body.expectedCredit : fail(422, 'expectedCredit must be { amount, currencyCode }')) as Record<string, unknown>;
    const currencyCode = str(expected, 'currencyCode');
    let expectedMinor = 0;
    try {
      expectedMinor = parseAmount(str(expected, 'amount'), currencyCode);
    } catch {
      fail(422, 'expectedCredit must be a decimal amount in a known currency');
    }
    const credit = planVendorCredit(authorizationId, expectedMinor);
    const vra: Authorization = {
      authorizationId, vendorReference: this.nextId('RMA-'), supplier: optionalStr(body, 'supplier'), expected: formatAmount(expectedMinor, currencyCode),
      credited: formatAmount(credit.creditedMinor, currencyCode), currencyCode, creditNote: this.nextId('CN-'), partner: call.partner?.partnerId ?? null,
    };
    this.authorizations.set(authorizationId, vra);
    const next = this.play(call, `vendor:${authorizationId}`, vra.vendorReference, [{
      type: 'authorization.credited',
      data: { authorizationId, creditedAmount: { amount: vra.credited, currencyCode }, reference: vra.creditNote },
    }], `a credit of ${vra.credited} ${currencyCode}${credit.short ? ' (short of the expected credit)' : ''}`);
    this.log('vendor', `← POST authorizations: ${vra.supplier ?? 'no supplier'}, expecting ${vra.expected} ${currencyCode}: ${vra.vendorReference}; ${next}`);
    return json(201, { vendorReference: vra.vendorReference });
  }
}
