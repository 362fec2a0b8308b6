import { checkTransition, isTerminalStatus, statusMachine, type Transition } from './state-machine';

/** Every status a refurbishment job can be in, in lifecycle order. */
export const REFURBISHMENT_STATUSES = [
  'CREATED', 'DISPATCHED', 'ACCEPTED', 'DIAGNOSED', 'IN_REPAIR', 'COMPLETED', 'UNREPAIRABLE', 'REJECTED', 'CLOSED', 'CANCELLED',
] as const;

/** The status of a refurbishment job. */
export type RefurbishmentStatus = (typeof REFURBISHMENT_STATUSES)[number];

/** What an operator decides for a diagnosed unit whose quote is above the policy's auto-approve limit. */
export const REFURBISHMENT_DECISIONS = ['REPAIR', 'RETURN_AS_IS', 'HARVEST_PARTS', 'RECYCLE'] as const;
export type RefurbishmentDecision = (typeof REFURBISHMENT_DECISIONS)[number];

/** Statuses a vendor may report (through GraphQL or a webhook). */
export const VENDOR_REPORTABLE: readonly RefurbishmentStatus[] = ['ACCEPTED', 'REJECTED', 'DIAGNOSED', 'IN_REPAIR', 'COMPLETED', 'UNREPAIRABLE'];

/** Result of asking the refurbishment state machine for a transition. */
export type RefurbishmentTransition = Transition<RefurbishmentStatus>;

/**
 * Where each status may go. REJECTED → CREATED is the re-route to the next vendor; DIAGNOSED → CLOSED is an operator
 * deciding not to repair (return as is, harvest parts, recycle). CREATED → CANCELLED: the item's disposition changed
 * before any vendor had the unit; CANCELLED → CREATED: it was given REFURBISH again (one job per item, reopened).
 */
const MACHINE = statusMachine<RefurbishmentStatus>('refurbishment job', {
  CREATED: ['DISPATCHED', 'CANCELLED'],
  DISPATCHED: ['ACCEPTED', 'REJECTED'],
  ACCEPTED: ['DIAGNOSED', 'UNREPAIRABLE'],
  DIAGNOSED: ['IN_REPAIR', 'UNREPAIRABLE', 'CLOSED'],
  IN_REPAIR: ['COMPLETED', 'UNREPAIRABLE'],
  COMPLETED: [],
  UNREPAIRABLE: [],
  REJECTED: ['CREATED'],
  CLOSED: [],
  CANCELLED: ['CREATED'],
});

/** The one refurbishment state machine: `to` if a job in `from` may move there, else ILLEGAL_TRANSITION. */
export function transitionRefurbishment(from: RefurbishmentStatus, to: RefurbishmentStatus): RefurbishmentTransition {
  return checkTransition(MACHINE, from, to);
}

/** True when no transition leaves the status (REJECTED is left only by re-routing). */
export function isRefurbishmentTerminal(status: RefurbishmentStatus): boolean {
  return isTerminalStatus(MACHINE, status);
}

/** Statuses in which the job occupies a vendor's capacity and runs against its SLA. */
export const OPEN_REFURBISHMENT_STATUSES: readonly RefurbishmentStatus[] = ['CREATED', 'DISPATCHED', 'ACCEPTED', 'DIAGNOSED', 'IN_REPAIR'];

/** True when value is one of REFURBISHMENT_STATUSES. */
export function isRefurbishmentStatus(value: unknown): value is RefurbishmentStatus {
  return typeof value === 'string' && (REFURBISHMENT_STATUSES as readonly string[]).includes(value);
}

/** CTIA-style cosmetic grades, best (A) to worst (E). */
export const COSMETIC_GRADES = ['A', 'B', 'C', 'D', 'E'] as const;

/**
 * Categories whose units may hold personal data; a COMPLETED report for them needs a data-sanitization certificate
 * reference. Matched case-insensitively against the order line's category.
 */
export const DATA_BEARING_CATEGORIES: readonly string[] = [
  'electronics', 'phones', 'smartphones', 'mobile', 'laptops', 'computers', 'tablets', 'wearables', 'cameras', 'storage',
];

/** True when a unit of this category may carry personal data. */
export function isDataBearing(category: string): boolean {
  return DATA_BEARING_CATEGORIES.includes(category.trim().toLowerCase());
}

/** What a COMPLETED report carries. */
export interface CompletionReport {
  category: string;
  cosmeticGrade?: string | null;
  functionalGrade?: string | null;
  batteryHealthPct?: number | null;
  costMinor?: number | null;
  sanitizationCertificateRef?: string | null;
}

/** Checks a completion report; returns [field, message] pairs for what is missing or out of range. */
export function validateCompletion(report: CompletionReport): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (!report.cosmeticGrade || !(COSMETIC_GRADES as readonly string[]).includes(report.cosmeticGrade)) {
    problems.push(['cosmeticGrade', 'A completed job needs a cosmetic grade A–E']);
  }
  if (!report.functionalGrade?.trim()) problems.push(['functionalGrade', 'A completed job needs a functional grade']);
  if (report.costMinor === null || report.costMinor === undefined) problems.push(['cost', 'A completed job needs its final cost']);
  if (report.batteryHealthPct !== null && report.batteryHealthPct !== undefined
    && (!Number.isInteger(report.batteryHealthPct) || report.batteryHealthPct < 0 || report.batteryHealthPct > 100)) {
    problems.push(['batteryHealthPct', 'Battery health is a whole percentage 0–100']);
  }
  if (isDataBearing(report.category) && !report.sanitizationCertificateRef?.trim()) {
    problems.push(['sanitizationCertificateRef', `A ${report.category} unit may hold personal data: a data-sanitization certificate reference is required`]);
  }
  return problems;
}

/**
 * Longest texts and lists a vendor's report may carry, whether it arrives as GraphQL input (the input type's
 * validators) or as a signed webhook (checked by the service).
 */
export const REFURB_REPORT_LIMITS = { cosmeticGrade: 1, functionalGrade: 100, sanitizationCertificateRef: 200, notes: 2000, part: 200, parts: 100 } as const;
