import { registerEnumType } from 'type-graphql';
import { ANALYTICS_GROUP_BYS } from '../../domain/analytics';
import { CONDITION_GRADES, DISPOSITION_TYPES } from '../../domain/disposition';
import { RETURN_REASON_CODES } from '../../domain/return-reasons';
import { RETURN_STATUSES } from '../../domain/return-status';
import { USER_ERROR_CODES, USER_ERROR_CODE_LIST } from '../../services/user-error-codes';

/** A type-graphql enum object ({ A: 'A', … }) from a list of values. */
export function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const ReturnStatusEnum = enumOf(RETURN_STATUSES);
export const ReturnReasonCodeEnum = enumOf(RETURN_REASON_CODES);
export const ConditionGradeEnum = enumOf(CONDITION_GRADES);
export const DispositionTypeEnum = enumOf(DISPOSITION_TYPES);
export const ReturnResolutionEnum = enumOf(['REFUND', 'STORE_CREDIT', 'EXCHANGE'] as const);
export const RefundStatusEnum = enumOf(['QUOTED', 'ISSUED', 'NONE'] as const);
export const RefundMethodEnum = enumOf(['ORIGINAL_PAYMENT', 'STORE_CREDIT', 'EXCHANGE', 'MIXED'] as const);
export const RoleEnum = enumOf(['ANONYMOUS', 'CUSTOMER', 'GUEST', 'OPERATOR', 'ADMIN', 'PARTNER'] as const);
export const IneligibleReasonEnum = enumOf(['NON_RETURNABLE_CATEGORY', 'WINDOW_EXPIRED', 'ALREADY_RETURNED'] as const);

registerEnumType(ReturnStatusEnum, { name: 'ReturnStatus', description: 'Lifecycle of a return (RMA).' });
registerEnumType(ReturnReasonCodeEnum, { name: 'ReturnReasonCode' });
registerEnumType(ConditionGradeEnum, { name: 'ConditionGrade', description: 'Condition found at inspection, best to worst.' });
registerEnumType(DispositionTypeEnum, { name: 'DispositionType', description: 'The next life of a returned unit.' });
registerEnumType(ReturnResolutionEnum, { name: 'ReturnResolution' });
registerEnumType(RefundStatusEnum, { name: 'RefundStatus', description: 'QUOTED until the return completes, then ISSUED (or NONE when nothing is owed).' });
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

export const UserErrorCodeEnum = enumOf(USER_ERROR_CODE_LIST);
registerEnumType(UserErrorCodeEnum, {
  name: 'UserErrorCode',
  description: 'Stable machine-readable reason of a userError. Match on it, not on the message; docs/error-codes.md lists the codes each mutation can answer.',
  valuesConfig: Object.fromEntries(USER_ERROR_CODE_LIST.map((code) => [code, { description: USER_ERROR_CODES[code] }])),
});
