/** Every reason code a customer can give for returning an item. */
export const RETURN_REASON_CODES = [
  'SIZE_TOO_SMALL',
  'SIZE_TOO_LARGE',
  'NOT_AS_DESCRIBED',
  'DEFECTIVE',
  'DAMAGED_IN_TRANSIT',
  'WRONG_ITEM',
  'CHANGED_MIND',
  'ARRIVED_LATE',
  'STYLE',
  'QUALITY',
  'OTHER',
] as const;

/** Why a customer returns an item. */
export type ReturnReasonCode = (typeof RETURN_REASON_CODES)[number];

/** How a reason is shown to customers and treated by fees. */
export type ReturnReasonDefinition = {
  readonly code: ReturnReasonCode;
  readonly label: string;
  readonly description: string;
  /** The merchant or its carrier caused the return: no restocking fee. */
  readonly merchantFault: boolean;
  /** The customer must explain in a note, because the code alone says nothing. */
  readonly requiresNote: boolean;
};

/** The reason catalogue, in RETURN_REASON_CODES order. */
export const RETURN_REASONS: ReadonlyArray<ReturnReasonDefinition> = [
  {
    code: 'SIZE_TOO_SMALL',
    label: 'Too small',
    description: 'The item is smaller than expected or than the size ordered.',
    merchantFault: false,
    requiresNote: false,
  },
  {
    code: 'SIZE_TOO_LARGE',
    label: 'Too large',
    description: 'The item is larger than expected or than the size ordered.',
    merchantFault: false,
    requiresNote: false,
  },
  {
    code: 'NOT_AS_DESCRIBED',
    label: 'Not as described',
    description: 'The item differs from its description or pictures.',
    // Often a matter of taste, so it is not treated as merchant fault for fees.
    merchantFault: false,
    requiresNote: false,
  },
  {
    code: 'DEFECTIVE',
    label: 'Defective or does not work',
    description: 'The item is faulty, broken or does not work as intended.',
    merchantFault: true,
    requiresNote: false,
  },
  {
    code: 'DAMAGED_IN_TRANSIT',
    label: 'Arrived damaged',
    description: 'The item or its packaging was damaged on the way.',
    merchantFault: true,
    requiresNote: false,
  },
  {
    code: 'WRONG_ITEM',
    label: 'Wrong item sent',
    description: 'A different item, size or colour was delivered than was ordered.',
    merchantFault: true,
    requiresNote: false,
  },
  {
    code: 'CHANGED_MIND',
    label: 'Changed my mind',
    description: 'The item is no longer wanted.',
    merchantFault: false,
    requiresNote: false,
  },
  {
    code: 'ARRIVED_LATE',
    label: 'Arrived too late',
    description: 'The item arrived after it was needed.',
    merchantFault: false,
    requiresNote: false,
  },
  {
    code: 'STYLE',
    label: "Didn't like the style",
    description: 'The look, colour or fit is not what the customer wanted.',
    merchantFault: false,
    requiresNote: false,
  },
  {
    code: 'QUALITY',
    label: 'Quality not as expected',
    description: 'The item works but its quality is below expectations.',
    merchantFault: false,
    requiresNote: false,
  },
  {
    code: 'OTHER',
    label: 'Other',
    description: 'Another reason, explained in a note.',
    merchantFault: false,
    requiresNote: true,
  },
];

const BY_CODE: ReadonlyMap<ReturnReasonCode, ReturnReasonDefinition> = new Map(
  RETURN_REASONS.map((reason) => [reason.code, reason]),
);

/** True when value is one of RETURN_REASON_CODES. */
export function isReturnReasonCode(value: unknown): value is ReturnReasonCode {
  return typeof value === 'string' && (RETURN_REASON_CODES as readonly string[]).includes(value);
}

/** The catalogue entry for a reason code. */
export function getReturnReason(code: ReturnReasonCode): ReturnReasonDefinition {
  const reason = BY_CODE.get(code);
  if (reason === undefined) throw new RangeError(`Unknown return reason ${String(code).slice(0, 40)}`);
  return reason;
}

/** True when the reason is the merchant's fault, so no restocking fee is charged. */
export function isRestockingFeeExempt(code: ReturnReasonCode): boolean {
  return getReturnReason(code).merchantFault;
}
