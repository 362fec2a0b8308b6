import { and, eq, isNull } from 'drizzle-orm';
import { orders, returnPolicies, returns } from '../db/schema';
import { encodeGlobalId } from '../domain/ids';
import type { ServiceContext } from '../services/context';
import { upsertDropOffLocations } from '../services/methods/location.service';
import { createPartner, listPartners, type PartnerRow } from '../services/partners/partner.service';
import { upsertReturnPolicy, type PolicyInput } from '../services/returns/policy.service';
import { encodeOptionId } from '../services/methods/return-method.service';
import { DEMO_METHOD_FEES, DEMO_PARTNERS, DEMO_REFURB_AUTO_APPROVE_LIMIT, DEMO_SUPPLIER, type DemoPartner } from './demo-partners';
import { announcePartner } from './partner-sim-client';

export interface DemoPartnerSetup {
  partners: Array<{ def: DemoPartner; row: PartnerRow }>;
  /** True when the partners were registered now (else they existed and were announced again). */
  created: boolean;
  /** Partners whose endpoint is not on this simulator (registered against another PARTNER_SIM_URL). */
  elsewhere: PartnerRow[];
}

const sameDemoPartner = (def: DemoPartner, row: PartnerRow) => row.kind === def.kind && row.adapter === def.adapter && row.name === def.name;

/**
 * Registers the demo partners (when `create` and they are missing) through the partner and location services, with
 * endpoints on the simulator, and tells the simulator each one's id, signing secret and webhook URL. Existing demo
 * partners are announced again, so a restarted simulator learns them back when Boomerang restarts.
 */
export async function ensureDemoPartners(admin: ServiceContext, simUrl: string, boomerangUrl: string, create: boolean): Promise<DemoPartnerSetup | null> {
  const existing = await listPartners(admin);
  const found = DEMO_PARTNERS.map((def) => ({ def, row: existing.find((r) => sameDemoPartner(def, r)) ?? null }));
  const missing = found.filter((f) => !f.row);
  if (missing.length === found.length && !create) return null;
  const partners: DemoPartnerSetup['partners'] = [];
  for (const { def, row } of found) {
    if (row) { partners.push({ def, row }); continue; }
    if (!create) continue;
    const made = await createPartner(admin, { kind: def.kind, name: def.name, adapter: def.adapter, endpoint: `${simUrl}/${def.sim}/`, settings: def.settings, capabilities: def.capabilities });
    if (!made.ok) throw new Error(`demo partner ${def.name}: ${made.userErrors.map((e) => e.message).join('; ')}`);
    if (def.locations.length) {
      const placed = await upsertDropOffLocations(admin, made.value.partner.id, def.locations);
      if (!placed.ok) throw new Error(`demo locations of ${def.name}: ${placed.userErrors.map((e) => e.message).join('; ')}`);
    }
    partners.push({ def, row: made.value.partner });
  }
  for (const { def, row } of partners) {
    const partnerId = encodeGlobalId('Partner', row.id);
    await announcePartner(simUrl, { kind: def.sim, partnerId, signingSecret: row.signingSecret, name: def.name, webhookUrl: `${boomerangUrl}/webhooks/${partnerId}` });
  }
  const elsewhere = partners.map((p) => p.row).filter((r) => !r.endpoint.startsWith(`${simUrl}/`));
  return { partners, created: missing.length > 0 && create, elsewhere };
}

/**
 * Gives the default policy the demo's method fees and refurbishment auto-approve limit when it has none (an existing
 * demo database); whatever it has is kept.
 */
export async function ensureDemoMethodFees(admin: ServiceContext): Promise<void> {
  const [row] = await admin.db.select().from(returnPolicies).where(isNull(returnPolicies.category));
  if (!row || (row.methodFees && row.refurbAutoApproveLimit !== null)) return;
  await upsertReturnPolicy(admin, {
    category: null, windowDays: row.windowDays, restockingFeePercent: row.restockingFeePercent, nonReturnable: row.nonReturnable,
    freeShippingReasons: row.freeShippingReasons, autoApprove: row.autoApprove,
    methodFees: row.methodFees ? (Object.entries(row.methodFees).map(([type, fee]) => ({ type, fee })) as PolicyInput['methodFees']) : DEMO_METHOD_FEES,
    returnlessThreshold: row.returnlessThreshold, refundAtFirstScan: row.refundAtFirstScan, dropOffDays: row.dropOffDays,
    refurbAutoApproveLimit: row.refurbAutoApproveLimit ?? DEMO_REFURB_AUTO_APPROVE_LIMIT,
    manualReviewSerialReturners: row.manualReviewSerialReturners, manualReviewRiskAbove: row.manualReviewRiskAbove,
  });
}

/** True when the database holds the demo's orders (so demo partners may be added to it). */
export async function isDemoDatabase(admin: ServiceContext): Promise<boolean> {
  const [row] = await admin.db.select({ id: orders.id }).from(orders).where(eq(orders.orderNumber, 'DEMO-1001'));
  return Boolean(row);
}

/** The seeded APPROVED return waiting for a method (order DEMO-1001), while it still waits. */
export async function approvedDemoReturn(admin: ServiceContext): Promise<{ id: string; rmaNumber: string } | null> {
  const [row] = await admin.db.select({ id: returns.id, rmaNumber: returns.rmaNumber }).from(returns)
    .innerJoin(orders, eq(orders.id, returns.orderId))
    .where(and(eq(orders.orderNumber, 'DEMO-1001'), eq(returns.status, 'APPROVED')))
    .orderBy(returns.id).limit(1);
  return row ?? null;
}

const pad = (s: string, n: number) => s.padEnd(n);

/** Banner lines: who plays which partner, and copy-paste operations to watch a label and scans arrive. */
export function demoPartnerBanner(simUrl: string, setup: DemoPartnerSetup, demoReturn: { id: string; rmaNumber: string } | null): string[] {
  const what = (def: DemoPartner) => {
    if (def.kind === 'LOCKER_NETWORK') return `${def.locations.length} lockers near Amsterdam (A/B/C)`;
    if (def.kind === 'STORE_NETWORK') return `${def.locations.length} stores, box-free drop-off with a QR`;
    if (def.kind === 'CARRIER') return `labels (PDF, ZPL, QR), ${def.locations.length} parcel points`;
    if (def.kind === 'PICKUP') return 'home pickups with confirmation numbers';
    if (def.kind === 'REFURBISHER') return 'repairs electronics: quote, repair, grade, sanitization certificate';
    if (def.kind === 'RECYCLER') return 'weighs lots by material, recycling and data-destruction certificates';
    if (def.kind === 'VENDOR') return `credits defective ${DEMO_SUPPLIER} units`;
    return 'receives every return event';
  };
  const lines = [
    `Demo partners ${setup.created ? 'registered' : 'announced again'} on the partner simulator at ${simUrl} (it answers their calls and sends signed webhooks back):`,
    ...setup.partners.map(({ def }) => `  ${pad(def.kind, 15)} ${pad(def.name, 14)} ${pad(def.adapter, 22)} ${what(def)}`),
  ];
  for (const row of setup.elsewhere) lines.push(`  Note: ${row.name} calls ${row.endpoint}, not this simulator.`);
  if (setup.partners.some((p) => p.def.kind === 'REFURBISHER' || p.def.kind === 'RECYCLER')) {
    lines.push(
      'Watch the demo units reach their next life (gql helper from the README, OPERATOR=the operator token; again every few seconds):',
      `  gql "$OPERATOR" '{ refurbishmentJobs(first: 10) { edges { node { sku status quote { amount } cost { amount } cosmeticGrade batteryHealthPct partsReplaced sanitizationCertificateRef notes } } } }'`,
      `  gql "$OPERATOR" '{ recyclingLots(first: 10) { edges { node { status declaredWeightKg reportedWeightKg certificateNumber dataDestructionCertificate reviewReasons materials { material weightKg route } } } } }'`,
      `  gql "$OPERATOR" '{ vendorReturnAuthorizations(first: 10) { edges { node { status supplier vendorReference expectedCredit { amount } creditedAmount { amount } creditDifference { amount } } } } }'`,
    );
  }
  const carrier = setup.partners.find((p) => p.def.kind === 'CARRIER');
  if (!demoReturn || !carrier) {
    lines.push('Select a return method for an APPROVED return (returnMethodOptions, selectReturnMethod) and watch the simulator terminal.');
    return lines;
  }
  const r = encodeGlobalId('Return', demoReturn.id);
  const option = encodeOptionId('CARRIER_DROP_OFF', carrier.row.id);
  lines.push(
    `See a label appear and scans arrive for the APPROVED return ${demoReturn.rmaNumber} (gql helper from the README, CUSTOMER=the customer token):`,
    `  gql "$CUSTOMER" 'query($r: ID!) { returnMethodOptions(returnId: $r) { id type carrier fee { amount currencyCode } co2eKg refundTiming locations { id name distanceKm } pickupWindows { start end } } }' '{"r":"${r}"}'`,
    `  gql "$CUSTOMER" 'mutation($r: ID!, $o: ID!) { selectReturnMethod(input: { returnId: $r, optionId: $o }) { return { status method { type status } } userErrors { code message } } }' '{"r":"${r}","o":"${option}"}'`,
    `  gql "$CUSTOMER" 'query($r: ID!) { node(id: $r) { ... on Return { status method { status label { carrier trackingNumber labelUrl labelZplUrl qrCode } } events { type at } } } }' '{"r":"${r}"}'`,
    '  (the last one again every few seconds: AWAITING_DROP_OFF with the label, then IN_TRANSIT as the simulated scans arrive;',
    '   for a locker, pass one of the LOCKER option\'s locations as locationId; for a pickup, one of its windows as pickupWindow)',
  );
  return lines;
}
