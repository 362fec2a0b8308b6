import { registerEnumType } from 'type-graphql';
import { ANALYTICS_GROUP_BYS } from '../../domain/analytics';
import { CONDITION_GRADES, COSMETIC_GRADES, DISPOSITION_TYPES, FUNCTIONAL_GRADES } from '../../domain/disposition';
import { RETURN_REASONS, RETURN_REASON_CODES } from '../../domain/return-reasons';
import { RETURN_STATUSES } from '../../domain/return-status';
import { USER_ERROR_CODES, USER_ERROR_CODE_LIST } from '../../domain/user-error-codes';

/** A type-graphql enum object ({ A: 'A', … }) from a list of values. */
export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const ReturnStatusEnum = enumOf(RETURN_STATUSES);
export const ReturnReasonCodeEnum = enumOf(RETURN_REASON_CODES);
export const ConditionGradeEnum = enumOf(CONDITION_GRADES);
export const CosmeticGradeEnum = enumOf(COSMETIC_GRADES);
export const FunctionalGradeEnum = enumOf(FUNCTIONAL_GRADES);
export const DispositionTypeEnum = enumOf(DISPOSITION_TYPES);
export const ReturnResolutionEnum = enumOf(['REFUND', 'STORE_CREDIT', 'EXCHANGE'] as const);
export const RefundStatusEnum = enumOf(['QUOTED', 'REQUESTED', 'ISSUED', 'FAILED', 'NONE'] as const);
export const RefundKindEnum = enumOf(['REFUND', 'STORE_CREDIT'] as const);
export const PaymentOutcomeEnum = enumOf(['CONFIRMED', 'DECLINED'] as const);
export const RefundMethodEnum = enumOf(['ORIGINAL_PAYMENT', 'STORE_CREDIT', 'EXCHANGE', 'MIXED'] as const);
export const RoleEnum = enumOf(['ANONYMOUS', 'CUSTOMER', 'GUEST', 'OPERATOR', 'ADMIN', 'PARTNER'] as const);
export const IneligibleReasonEnum = enumOf(['NON_RETURNABLE_CATEGORY', 'WINDOW_EXPIRED', 'ALREADY_RETURNED'] as const);

registerEnumType(ReturnStatusEnum, {
  name: 'ReturnStatus', description: 'Lifecycle of a return (RMA).',
  valuesConfig: {
    REQUESTED: { description: 'Requested by the customer; waiting for approval (or approved at once when the policy auto-approves).' },
    APPROVED: { description: 'Approved; the customer chooses a return method next.' },
    REJECTED: { description: 'Refused by staff (see rejectionReason); final.' },
    AWAITING_DROP_OFF: { description: 'A method is booked (label, locker code, drop-off or pickup); waiting for the parcel to be handed in.' },
    IN_TRANSIT: { description: 'Handed in and on its way to the warehouse.' },
    RECEIVED: { description: 'Units arrived at the warehouse; inspection is next.' },
    INSPECTED: { description: 'Every received unit is graded; dispositions are next.' },
    COMPLETED: { description: 'Every unit has a disposition and the refund is issued (or the return was settled returnless); final.' },
    CANCELLED: { description: 'Cancelled before it shipped; final.' },
    EXPIRED: { description: 'Never handed in before the booking lapsed; final.' },
  },
});
registerEnumType(ReturnReasonCodeEnum, {
  name: 'ReturnReasonCode',
  description: 'Why a customer returns an item (returnReasons gives each its label and whether it needs a note).',
  valuesConfig: Object.fromEntries(RETURN_REASONS.map((r) => [r.code, { description: r.description }])),
});
registerEnumType(ConditionGradeEnum, {
  name: 'ConditionGrade', description: 'Condition found at inspection, best to worst.',
  valuesConfig: {
    NEW_SEALED: { description: 'Unopened, in its original sealed packaging.' },
    LIKE_NEW: { description: 'Opened but unused, no marks; complete.' },
    GOOD: { description: 'Light signs of use; works fully.' },
    FAIR: { description: 'Visible wear or missing accessories; works.' },
    DAMAGED: { description: 'Damaged or not working; may be repairable.' },
    UNSALVAGEABLE: { description: 'Beyond repair or resale; only materials can be recovered.' },
  },
});
registerEnumType(CosmeticGradeEnum, {
  name: 'CosmeticGrade', description: 'How a returned unit looks, best to worst: the cosmetic half of an inspection, recorded beside the ConditionGrade.',
  valuesConfig: {
    SEALED: { description: 'Sealed, unopened.' },
    AS_NEW: { description: 'Opened, no marks.' },
    LIGHT_WEAR: { description: 'Light signs of wear.' },
    VISIBLE_WEAR: { description: 'Visible wear or marks.' },
    DAMAGED: { description: 'Damaged (cracked, torn, dented, stained).' },
    DESTROYED: { description: 'Destroyed: only materials are left to recover.' },
  },
});
registerEnumType(FunctionalGradeEnum, {
  name: 'FunctionalGrade', description: 'Whether a returned unit works (or, for goods without a function, is complete and usable), best to worst: the functional half of an inspection.',
  valuesConfig: {
    WORKS: { description: 'Works fully / complete.' },
    MINOR_FAULT: { description: 'A minor fault or a part or accessory missing.' },
    NOT_WORKING: { description: 'Does not work; may be repairable.' },
    BEYOND_REPAIR: { description: 'Does not work and cannot be repaired.' },
  },
});
registerEnumType(DispositionTypeEnum, {
  name: 'DispositionType', description: 'The next life of a returned unit.',
  valuesConfig: {
    RESTOCK: { description: 'Back into sellable stock as new.' },
    RESELL_OPEN_BOX: { description: 'Resold as open box / used at a discount.' },
    REFURBISH: { description: 'Sent to a refurbisher, then resold.' },
    RETURN_TO_VENDOR: { description: 'Sent back to the supplier for credit.' },
    LIQUIDATE: { description: 'Sold in bulk to a liquidator.' },
    DONATE: { description: 'Given to a charity.' },
    RECYCLE: { description: 'Sent to a recycler for material recovery.' },
    DISPOSE: { description: 'Disposed of (last resort).' },
  },
});
registerEnumType(ReturnResolutionEnum, {
  name: 'ReturnResolution',
  description: 'What the customer wants in place of the returned item.',
  valuesConfig: {
    REFUND: { description: 'Money back to the original payment method.' },
    STORE_CREDIT: { description: 'Credit to spend with the merchant.' },
    EXCHANGE: { description: 'Another item (exchangeSku) instead.' },
  },
});
registerEnumType(RefundStatusEnum, {
  name: 'RefundStatus',
  description: 'Where the money stands: QUOTED until the refund is due, REQUESTED from the merchant\'s payment system, ISSUED once it confirms, FAILED when it declined (an operator retries), NONE when nothing is owed. See docs/refunds.md.',
  valuesConfig: {
    QUOTED: { description: 'An estimate: the refund is not due yet (the return is not complete, or not refunded at the first scan).' },
    REQUESTED: { description: 'Asked of the merchant\'s payment (or store-credit) system; not paid until it confirms. Also the state while no merchant integration takes refunds (awaitingMerchant).' },
    ISSUED: { description: 'Confirmed by the merchant\'s systems (or recorded by an operator): the money or credit went out.' },
    FAILED: { description: 'The merchant declined or refused the request; failureReason says why. An operator can retry it (retryRefund).' },
    NONE: { description: 'Nothing is owed (cancelled, rejected, expired, or a zero refund).' },
  },
});
registerEnumType(RefundKindEnum, {
  name: 'RefundKind',
  description: 'What a return pays out through the merchant.',
  valuesConfig: {
    REFUND: { description: 'Money back to the original payment.' },
    STORE_CREDIT: { description: 'Store credit (gift card), the policy\'s bonus included.' },
  },
});
registerEnumType(PaymentOutcomeEnum, {
  name: 'PaymentOutcome',
  description: 'What the merchant\'s payment or store-credit system did with a request.',
  valuesConfig: {
    CONFIRMED: { description: 'Paid out (refunded, or credit issued).' },
    DECLINED: { description: 'Refused; the refund fails with the reason given.' },
  },
});
registerEnumType(RefundMethodEnum, {
  name: 'RefundMethod',
  description: 'How a return\'s refund is paid, from its items\' resolutions.',
  valuesConfig: {
    ORIGINAL_PAYMENT: { description: 'Back to the original payment method (resolution REFUND).' },
    STORE_CREDIT: { description: 'As store credit.' },
    EXCHANGE: { description: 'As an exchange item.' },
    MIXED: { description: 'Items of the return have different resolutions.' },
  },
});
registerEnumType(RoleEnum, {
  name: 'Role',
  description: 'Who the caller is, from their credentials.',
  valuesConfig: {
    ANONYMOUS: { description: 'No credentials.' },
    CUSTOMER: { description: 'A customer signed in with a JWT (sub = their externalId); sees only their own orders and returns.' },
    GUEST: { description: 'A customer with a guest token from startGuestReturn; sees only that one order and its returns.' },
    OPERATOR: { description: 'Warehouse or customer-service staff.' },
    ADMIN: { description: 'Administrator: everything operators can do, plus policies, partners and settings.' },
    PARTNER: { description: 'A partner calling with its API key; sees only its own jobs, lots and bookings.' },
  },
});
registerEnumType(IneligibleReasonEnum, {
  name: 'IneligibleReason',
  description: 'Why an order line cannot be returned.',
  valuesConfig: {
    NON_RETURNABLE_CATEGORY: { description: 'The line\'s category is not returnable under the policy.' },
    WINDOW_EXPIRED: { description: 'The return window has passed (see deadline).' },
    ALREADY_RETURNED: { description: 'Every unit is already claimed by another return.' },
  },
});

export const PartnerKindEnum = enumOf(['CARRIER', 'LOCKER_NETWORK', 'STORE_NETWORK', 'PICKUP', 'REFURBISHER', 'RECYCLER', 'VENDOR', 'MERCHANT'] as const);
export const IntegrationJobStatusEnum = enumOf(['PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'RETRYING', 'DEAD'] as const);
registerEnumType(PartnerKindEnum, {
  name: 'PartnerKind',
  description: 'What a partner does.',
  valuesConfig: {
    CARRIER: { description: 'Issues prepaid return labels and reports tracking scans.' },
    LOCKER_NETWORK: { description: 'Reserves parcel-locker compartments and reports deposits.' },
    STORE_NETWORK: { description: 'Takes box-free returns in its stores.' },
    PICKUP: { description: 'Collects parcels at the customer\'s door in a time window.' },
    REFURBISHER: { description: 'Repairs and grades returned units.' },
    RECYCLER: { description: 'Treats units in recycling lots and reports material weights.' },
    VENDOR: { description: 'A supplier taking defective units back for credit.' },
    MERCHANT: { description: 'The merchant\'s own systems, receiving event webhooks.' },
  },
});
registerEnumType(IntegrationJobStatusEnum, {
  name: 'IntegrationJobStatus', description: 'Outbox job state: DEAD jobs gave up and can be retried.',
  valuesConfig: {
    PENDING: { description: 'Written to the outbox; not yet on the queue.' },
    QUEUED: { description: 'On the queue, waiting for a worker.' },
    RUNNING: { description: 'A worker is calling the partner.' },
    SUCCEEDED: { description: 'The partner accepted the call.' },
    RETRYING: { description: 'The last attempt failed transiently; it will be tried again with backoff.' },
    DEAD: { description: 'Gave up (refused, or out of attempts); an admin can retry it.' },
  },
});

export const ReturnMethodTypeEnum = enumOf(['CARRIER_DROP_OFF', 'LOCKER', 'STORE_DROP_OFF', 'HOME_PICKUP', 'RETURNLESS'] as const);
export const DropOffLocationTypeEnum = enumOf(['LOCKER', 'STORE', 'CARRIER_POINT'] as const);
registerEnumType(ReturnMethodTypeEnum, {
  name: 'ReturnMethodType',
  description: 'How a return travels back.',
  valuesConfig: {
    CARRIER_DROP_OFF: { description: 'Prepaid carrier label (or paperless QR) handed in at a carrier point.' },
    LOCKER: { description: 'Dropped in a reserved parcel-locker compartment with a code.' },
    STORE_DROP_OFF: { description: 'Box-free drop-off in a store, with a QR code.' },
    HOME_PICKUP: { description: 'Collected at the customer\'s address in a booked time window.' },
    RETURNLESS: { description: 'Nothing travels: refunded at once, the customer keeps, donates or recycles the item.' },
  },
});
registerEnumType(DropOffLocationTypeEnum, {
  name: 'DropOffLocationType',
  description: 'What kind of drop-off location.',
  valuesConfig: {
    LOCKER: { description: 'A parcel locker (LOCKER_NETWORK partners).' },
    STORE: { description: 'A store taking returns (STORE_NETWORK partners).' },
    CARRIER_POINT: { description: 'A carrier\'s parcel point (CARRIER partners).' },
  },
});

export const AnalyticsGroupByEnum = enumOf(ANALYTICS_GROUP_BYS);
registerEnumType(AnalyticsGroupByEnum, {
  name: 'AnalyticsGroupBy', description: 'How analytics and forecasts group their figures.',
  valuesConfig: {
    CATEGORY: { description: 'One group per product category.' },
    SKU: { description: 'One group per SKU.' },
    REASON: { description: 'One group per return reason.' },
    DISPOSITION: { description: 'One group per disposition (NONE while undecided).' },
    WEEK: { description: 'One group per order week (Monday, UTC).' },
  },
});

export const UserErrorCodeEnum = enumOf(USER_ERROR_CODE_LIST);
registerEnumType(UserErrorCodeEnum, {
  name: 'UserErrorCode',
  description: 'Stable machine-readable reason of a userError. Match on it, not on the message; docs/error-codes.md lists the codes each mutation can answer.',
  valuesConfig: Object.fromEntries(USER_ERROR_CODE_LIST.map((code) => [code, { description: USER_ERROR_CODES[code] }])),
});
