import type { GraphQLSchema } from 'graphql';
import { DomainError } from '../services/errors';
import type { UserErrorCode } from '../domain/user-error-codes';
import type { GqlContext } from './context';

/**
 * The userError codes each mutation may answer: the declaration docs/error-codes.md is generated from
 * (`npm run schema:emit`). In test mode (NODE_ENV=test) a mutation answering a code not declared here fails the
 * request loudly, so the API test suite checks these lists. A new mutation is one line; a new code of an existing
 * mutation is one more entry in its list.
 */
export const MUTATION_ERROR_CODES = {
  // merchant systems / admin
  importOrders: ['DUPLICATE_ORDER_NUMBER', 'ORDER_HAS_RETURNS'],
  importReturns: [
    'RETURN_ALREADY_IMPORTED', 'DUPLICATE_EXTERNAL_ID', 'EXTERNAL_ID_REQUIRED', 'ORDER_NOT_FOUND', 'LINE_REQUIRED', 'LINE_NOT_FOUND',
    'LINE_AMBIGUOUS', 'DUPLICATE_LINE', 'INVALID_QUANTITY', 'QUANTITY_EXCEEDS_RETURNABLE', 'INVALID_DATE', 'INVALID_AMOUNT',
    'REFUND_EXCEEDS_VALUE', 'REFUND_NOT_ALLOWED', 'NOT_RECEIVED', 'NO_ITEMS', 'INVALID_STATUS', 'INVALID_GRADE', 'INVALID_DISPOSITION',
  ],
  createStagedImport: ['IDEMPOTENCY_KEY_REUSED'],
  startBulkImport: ['NOT_FOUND', 'IMPORT_ALREADY_STARTED', 'IMPORT_EXPIRED', 'PARTS_INCOMPLETE'],
  retryRefund: ['NOT_FOUND', 'NOT_RETRYABLE', 'NO_MERCHANT'],
  recordRefund: ['NOT_FOUND', 'NOT_RECORDABLE', 'REFERENCE_REQUIRED', 'TEXT_TOO_LONG'],
  confirmRefund: ['NOT_FOUND', 'REFERENCE_REQUIRED', 'ALREADY_ISSUED', 'CURRENCY_MISMATCH', 'INVALID_AMOUNT', 'TEXT_TOO_LONG'],
  upsertReturnPolicy: [],
  setDispositionRules: ['INVALID_RULE_SET', 'CONCURRENT_UPDATE'],
  setSustainabilityFactors: ['INVALID_FACTORS', 'CONCURRENT_UPDATE'],
  createPartner: ['UNKNOWN_ADAPTER', 'INVALID_ENDPOINT', 'UNKNOWN_EVENT_TYPE'],
  createPartnerApiKey: ['NOT_FOUND'],
  revokePartnerApiKey: ['NOT_FOUND'],
  retryIntegrationJob: ['NOT_FOUND', 'NOT_RETRYABLE'],
  syncDropOffLocations: ['NOT_FOUND', 'NOT_SYNCABLE'],
  upsertDropOffLocations: ['NOT_FOUND', 'TYPE_NOT_FOR_PARTNER', 'DUPLICATE_EXTERNAL_ID'],
  refreshAnalytics: ['ALREADY_RUNNING'],
  trainReturnRiskModel: ['ALREADY_RUNNING'],

  // customers (account or guest)
  startGuestReturn: ['ORDER_NOT_FOUND'],
  requestReturn: [
    'NOT_FOUND', 'DUPLICATE_LINE', 'EXCHANGE_SKU_REQUIRED', 'EXCHANGE_SKU_NOT_ALLOWED', 'NOTE_REQUIRED', 'IDEMPOTENCY_KEY_REUSED',
    'NON_RETURNABLE_CATEGORY', 'WINDOW_EXPIRED', 'ALREADY_RETURNED', 'NOT_ELIGIBLE', 'QUANTITY_EXCEEDS_RETURNABLE',
    'EXCHANGE_UNAVAILABLE', 'EXCHANGE_VARIANT_UNAVAILABLE', 'EXCHANGE_CHECK_FAILED',
  ],
  selectReturnMethod: [
    'NOT_FOUND', 'ILLEGAL_TRANSITION', 'BOOKING_IN_PROGRESS', 'INVALID_OPTION', 'OPTION_NOT_AVAILABLE', 'LOCATION_REQUIRED',
    'LOCATION_NOT_AVAILABLE', 'PICKUP_WINDOW_NOT_AVAILABLE',
  ],
  cancelReturn: ['NOT_FOUND', 'ILLEGAL_TRANSITION'],

  // operators
  approveReturn: ['NOT_FOUND', 'ILLEGAL_TRANSITION'],
  rejectReturn: ['NOT_FOUND', 'ILLEGAL_TRANSITION'],
  receiveReturn: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'QUANTITY_EXCEEDS_OUTSTANDING'],
  closeMissingItems: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'NOTHING_OUTSTANDING'],
  inspectReturnItem: [
    'NOT_FOUND', 'ILLEGAL_TRANSITION', 'NOTHING_RECEIVED', 'ALREADY_DISPOSITIONED', 'INVALID_UNITS', 'QUANTITY_EXCEEDS_RECEIVED', 'UNITS_COMMITTED',
  ],
  setDisposition: [
    'NOT_FOUND', 'ILLEGAL_TRANSITION', 'NOT_INSPECTED', 'ALREADY_SOLD', 'OVERRIDE_REASON_REQUIRED', 'ALREADY_DISPATCHED', 'DISPATCH_PENDING',
    'ALREADY_REFURBISHED',
  ],
  decideRefurbishment: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'DECISION_NOT_PENDING'],
  dispatchRecyclingLot: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'DISPATCH_PENDING', 'NO_RECYCLER'],
  reviewRecyclingLot: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'REVIEW_NOT_PENDING', 'NOTE_REQUIRED'],
  dispatchVendorReturn: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'DISPATCH_PENDING', 'NO_VENDOR'],
  reserveResaleListing: ['NOT_FOUND', 'ILLEGAL_TRANSITION'],
  sellResaleListing: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'CURRENCY_MISMATCH', 'INVALID_AMOUNT'],
  releaseResaleListing: ['NOT_FOUND', 'ILLEGAL_TRANSITION'],
  withdrawResaleListing: ['NOT_FOUND', 'ILLEGAL_TRANSITION'],
  recordDisposal: ['NOT_FOUND', 'DISPOSITION_MISMATCH', 'COUNTERPARTY_REQUIRED', 'CURRENCY_MISMATCH', 'INVALID_AMOUNT', 'ALREADY_RECORDED'],

  // partners (API key)
  updateRefurbishmentJob: [
    'NOT_FOUND', 'ILLEGAL_TRANSITION', 'INVALID_REPORT', 'QUOTE_REQUIRED', 'CURRENCY_MISMATCH', 'INVALID_AMOUNT', 'REPAIR_NOT_APPROVED',
    'INCOMPLETE_REPORT',
  ],
  reportRecyclingLot: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'INCOMPLETE_REPORT', 'INVALID_REPORT', 'INVALID_WEIGHT', 'INVALID_MATERIAL', 'INVALID_ROUTE'],
  confirmVendorCredit: ['NOT_FOUND', 'ILLEGAL_TRANSITION', 'REFERENCE_REQUIRED', 'INVALID_REFERENCE', 'CURRENCY_MISMATCH', 'INVALID_AMOUNT'],
} as const satisfies Record<string, readonly UserErrorCode[]>;

/** A mutation with declared codes. */
export type DeclaredMutation = keyof typeof MUTATION_ERROR_CODES;

/** The codes declared for a mutation, or undefined for a mutation not in the registry. */
export function declaredCodes(mutation: string): readonly UserErrorCode[] | undefined {
  return Object.hasOwn(MUTATION_ERROR_CODES, mutation) ? MUTATION_ERROR_CODES[mutation as DeclaredMutation] : undefined;
}

/** Mutation fields of the schema missing from the registry, and registry entries naming no mutation. */
export function registryMismatches(schema: GraphQLSchema): { undeclared: string[]; unknown: string[] } {
  const fields = Object.keys(schema.getMutationType()?.getFields() ?? {});
  return {
    undeclared: fields.filter((f) => declaredCodes(f) === undefined).sort(),
    unknown: Object.keys(MUTATION_ERROR_CODES).filter((m) => !fields.includes(m)).sort(),
  };
}

/** The userErrors of a payload the resolver returned (any payload shape carrying `userErrors`). */
function codesOf(payload: unknown): string[] {
  const errors = (payload as { userErrors?: Array<{ code: string }> } | null)?.userErrors;
  return Array.isArray(errors) ? errors.map((e) => e.code) : [];
}

/**
 * In test mode, makes every mutation fail loudly (a GraphQL error naming the mutation and the code, instead of the
 * payload) when its resolver answers a userError code not declared for it in MUTATION_ERROR_CODES. Outside test mode
 * the answer goes out unchanged: the enum still keeps every code one of UserErrorCode.
 */
export function checkDeclaredErrorCodes(
  schema: GraphQLSchema, declared: (mutation: string) => readonly string[] | undefined = declaredCodes,
): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    field.resolve = async (source, args, context: GqlContext, info) => {
      const payload = await resolve(source, args, context, info);
      if (context.svc.config.nodeEnv !== 'test') return payload;
      const allowed = declared(field.name) ?? [];
      const undeclared = codesOf(payload).filter((c) => !allowed.includes(c));
      if (undeclared.length) {
        throw new DomainError('INTERNAL_SERVER_ERROR', `Mutation ${field.name} answered userError code(s) ${[...new Set(undeclared)].join(', ')} `
          + 'not declared for it in src/graphql/mutation-error-codes.ts (declare them there, then run `npm run schema:emit`)');
      }
      return payload;
    };
  }
  return schema;
}
