import { registerEnumType } from 'type-graphql';
import { ANALYTICS_GROUP_BYS } from '../../domain/analytics';
import { CONDITION_GRADES, DISPOSITION_TYPES } from '../../domain/disposition';
import { RETURN_REASON_CODES } from '../../domain/return-reasons';
import { RETURN_STATUSES } from '../../domain/return-status';

/** A type-graphql enum object ({ A: 'A', … }) from a list of values. */
export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const ReturnStatusEnum = enumOf(RETURN_STATUSES);
export const ReturnReasonCodeEnum = enumOf(RETURN_REASON_CODES);
export const ConditionGradeEnum = enumOf(CONDITION_GRADES);
export const DispositionTypeEnum = enumOf(DISPOSITION_TYPES);
export const ReturnResolutionEnum = enumOf(['REFUND', 'STORE_CREDIT', 'EXCHANGE'] as const);
export const RefundStatusEnum = enumOf(['QUOTED', 'REQUESTED', 'ISSUED', 'FAILED', 'NONE'] as const);
export const RefundKindEnum = enumOf(['REFUND', 'STORE_CREDIT'] as const);
export const PaymentOutcomeEnum = enumOf(['CONFIRMED', 'DECLINED'] as const);
export const RefundMethodEnum = enumOf(['ORIGINAL_PAYMENT', 'STORE_CREDIT', 'EXCHANGE', 'MIXED'] as const);
export const RoleEnum = enumOf(['ANONYMOUS', 'CUSTOMER', 'GUEST', 'OPERATOR', 'ADMIN', 'PARTNER'] as const);
export const IneligibleReasonEnum = enumOf(['NON_RETURNABLE_CATEGORY', 'WINDOW_EXPIRED', 'ALREADY_RETURNED'] as const);

registerEnumType(ReturnStatusEnum, { name: 'ReturnStatus', description: 'Lifecycle of a return (RMA).' });
registerEnumType(ReturnReasonCodeEnum, { name: 'ReturnReasonCode' });
registerEnumType(ConditionGradeEnum, { name: 'ConditionGrade', description: 'Condition found at inspection, best to worst.' });
registerEnumType(DispositionTypeEnum, { name: 'DispositionType', description: 'The next life of a returned unit.' });
registerEnumType(ReturnResolutionEnum, { name: 'ReturnResolution' });
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
registerEnumType(RefundMethodEnum, { name: 'RefundMethod' });
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(IneligibleReasonEnum, { name: 'IneligibleReason' });

export const PartnerKindEnum = enumOf(['CARRIER', 'LOCKER_NETWORK', 'STORE_NETWORK', 'PICKUP', 'REFURBISHER', 'RECYCLER', 'VENDOR', 'MERCHANT'] as const);
export const IntegrationJobStatusEnum = enumOf(['PENDING', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'RETRYING', 'DEAD'] as const);
registerEnumType(PartnerKindEnum, { name: 'PartnerKind' });
registerEnumType(IntegrationJobStatusEnum, { name: 'IntegrationJobStatus', description: 'Outbox job state: DEAD jobs gave up and can be retried.' });

export const ReturnMethodTypeEnum = enumOf(['CARRIER_DROP_OFF', 'LOCKER', 'STORE_DROP_OFF', 'HOME_PICKUP', 'RETURNLESS'] as const);
export const DropOffLocationTypeEnum = enumOf(['LOCKER', 'STORE', 'CARRIER_POINT'] as const);
registerEnumType(ReturnMethodTypeEnum, { name: 'ReturnMethodType' });
registerEnumType(DropOffLocationTypeEnum, { name: 'DropOffLocationType' });

export const AnalyticsGroupByEnum = enumOf(ANALYTICS_GROUP_BYS);
registerEnumType(AnalyticsGroupByEnum, { name: 'AnalyticsGroupBy', description: 'How analytics and forecasts group their figures.' });
