import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { ConditionGradeEnum, CosmeticGradeEnum, DispositionTypeEnum, FunctionalGradeEnum, RefundMethodEnum, RefundStatusEnum, ReturnReasonCodeEnum, ReturnResolutionEnum, ReturnStatusEnum } from './enums';
import { Money, Node, connectionOf } from './common.types';
import { Customer, Order, OrderLine } from './order.types';

@ObjectType({ simpleResolvers: true, description: 'What the disposition engine recommends for an inspected item, and why.' })
export class RecommendedDisposition {
  @Field(() => DispositionTypeEnum, { description: 'The recommended next life for the item\'s received units.' })
  disposition!: string;

  @Field(() => Money, { description: 'Expected value recovered for the received units (negative when disposal costs money).' })
  expectedRecovery!: Money;

  @Field(() => Float, { description: 'Estimated kg CO2e avoided for the received units versus making new ones.' })
  co2eAvoidedKg!: number;

  @Field({ description: 'Why this disposition, in words for the operator (grade, category, expected recovery against the alternatives).' })
  rationale!: string;

  @Field({ description: 'The rule that matched, for audit.' })
  ruleId!: string;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'One order line on a return: units asked for, units received and, once inspected, their grade and disposition. An item may be split into several when its units are graded apart.' })
export class ReturnItem extends Node {
  @Field(() => OrderLine, { description: 'The order line these units were bought on.' })
  orderLine!: OrderLine;

  @Field(() => Int, { description: 'Units the customer is returning on this item.' })
  quantity!: number;

  @Field(() => Int, { description: 'Units received at the warehouse so far (0 until the parcel arrives).' })
  receivedQuantity!: number;

  @Field(() => Int, { description: 'Units closed as never received.' })
  missingQuantity!: number;

  @Field(() => ReturnReasonCodeEnum, { description: 'Why the customer returns it.' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'The customer\'s own words; null when none was given.' })
  note!: string | null;

  @Field(() => ReturnResolutionEnum, { description: 'What the customer wants instead: refund, store credit or an exchange.' })
  resolution!: string;

  @Field(() => String, { nullable: true, description: 'The SKU to send in exchange; set only when resolution is EXCHANGE.' })
  exchangeSku!: string | null;

  @Field(() => ConditionGradeEnum, { nullable: true, description: 'Condition found at inspection; null until inspected.' })
  grade!: string | null;

  @Field(() => CosmeticGradeEnum, { nullable: true, description: 'How the unit looked at inspection; null until inspected or when the inspector did not record it.' })
  cosmeticGrade!: string | null;

  @Field(() => FunctionalGradeEnum, { nullable: true, description: 'Whether the unit worked at inspection; null until inspected or when the inspector did not record it.' })
  functionalGrade!: string | null;

  @Field(() => String, { nullable: true, description: 'The inspector\'s notes (staff); null when none.' })
  inspectionNotes!: string | null;

  @Field(() => RecommendedDisposition, { nullable: true, description: 'The disposition engine\'s recommendation; null until inspected.' })
  recommendedDisposition!: RecommendedDisposition | null;

  @Field(() => DispositionTypeEnum, { nullable: true, description: 'The disposition an operator set (the recommendation or an override); null until decided.' })
  disposition!: string | null;

  @Field(() => String, { nullable: true, description: 'Why the operator overrode the recommendation.' })
  dispositionReason!: string | null;

  @Field(() => Money, { description: 'Refund for this item: quoted on request, final on completion.' })
  refund!: Money;

  @Field(() => String, { nullable: true, description: 'Imported returns: the merchant\'s own reason code as sent (reason is what it maps to; OTHER when unmapped). Null for returns made in Boomerang.' })
  merchantReasonCode!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'One entry of a return\'s append-only history.' })
export class ReturnEvent {
  @Field({ description: 'What happened, e.g. RETURN_REQUESTED, RETURN_APPROVED, METHOD_BOOKED, ITEMS_RECEIVED, ITEM_INSPECTED, DISPOSITION_SET, REFUND_ISSUED, RETURN_COMPLETED.' })
  type!: string;

  @Field(() => GraphQLDateTime, { description: 'When it happened (ISO-8601).' })
  at!: Date;

  @Field({ description: '"system", or role:subject such as "operator:alice" or "customer:C-1001".' })
  actor!: string;

  @Field(() => GraphQLJSONObject, { description: 'Details of the event as a JSON object (e.g. from/to statuses, items and quantities, the reason); its keys depend on type.' })
  data!: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true, description: 'The money owed back to the customer for a return: a quote until the return completes, then what was issued.' })
export class Refund {
  @Field(() => Money, { description: 'The refund after fees: the quote while status is QUOTED, the amount paid once ISSUED.' })
  amount!: Money;

  @Field(() => RefundStatusEnum, { description: 'Whether the refund is still a quote, issued, or nothing is owed.' })
  status!: string;

  @Field(() => RefundMethodEnum, { description: 'How the customer is paid back, from the items\' resolutions.' })
  method!: string;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the refund was issued; null until then.' })
  issuedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The refundId the merchant confirms the money refund with (confirmRefund, refund.* webhooks); null until requested or when all is store credit.' })
  id!: string | null;

  @Field(() => Money, { description: 'The part paid back to the original payment (the rest is store credit); a quote until requested.' })
  originalPayment!: Money;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the refund was asked of the merchant\'s payment system; null while QUOTED.' })
  requestedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the merchant confirmed every payout of the return (status ISSUED).' })
  confirmedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the refund FAILED (the merchant\'s decline reason or error).' })
  failureReason!: string | null;

  @Field(() => String, { nullable: true, description: 'The merchant\'s payment reference for the money refund.' })
  reference!: string | null;

  @Field({ description: 'True while a payout waits because no merchant partner takes refunds (see docs/refunds.md): an operator records it once paid.' })
  awaitingMerchant!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'Store credit a return pays out (items the customer chose to take as STORE_CREDIT), the policy\'s bonus included.' })
export class StoreCredit {
  @Field(() => ID, { nullable: true, description: 'The id the merchant confirms the credit with (confirmRefund); null while QUOTED.' })
  id!: string | null;

  @Field(() => Money, { description: 'The credit the customer receives, bonus included.' })
  amount!: Money;

  @Field(() => Money, { description: 'The bonus for choosing store credit inside amount.' })
  bonus!: Money;

  @Field(() => RefundStatusEnum, { description: 'QUOTED until due, REQUESTED from the merchant, ISSUED once confirmed, FAILED when declined.' })
  status!: string;

  @Field(() => String, { nullable: true, description: 'The gift card / credit code to redeem; set once ISSUED (when the merchant issues codes).' })
  code!: string | null;

  @Field(() => Money, { nullable: true, description: 'The balance on that code after the credit, as the merchant reported it.' })
  balance!: Money | null;

  @Field(() => String, { nullable: true, description: 'The merchant\'s reference for the credit.' })
  reference!: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the credit was asked of the merchant.' })
  requestedAt!: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the merchant confirmed it.' })
  confirmedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED.' })
  failureReason!: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'Fees deducted from a return\'s refund.' })
export class ReturnFees {
  @Field(() => Money, { description: 'The restocking fee of the return policy, summed over the items.' })
  restockingFee!: Money;

  @Field(() => Money, { description: 'The fee of the chosen return method (zero when free or when every reason gets free return shipping).' })
  returnShippingFee!: Money;

  @Field(() => Money, { description: 'restockingFee plus returnShippingFee.' })
  total!: Money;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A return (RMA).' })
export class Return extends Node {
  @Field({ description: 'Human-readable return number to show the customer and to scan at the dock, e.g. "RMA-00100001".' })
  rmaNumber!: string;

  @Field(() => ReturnStatusEnum, { description: 'Where the return is in its lifecycle.' })
  status!: string;

  @Field(() => Order, { description: 'The order the returned items were bought on.' })
  order!: Order;

  @Field(() => Customer, { description: 'The customer returning the items.' })
  customer!: Customer;

  @Field(() => [ReturnItem], { description: 'The items being returned, one per order line (or more once units are graded apart).' })
  items!: ReturnItem[];

  @Field(() => ReturnFees, { description: 'Fees deducted from the refund.' })
  fees!: ReturnFees;

  @Field(() => Refund, { description: 'The refund: quoted until the return completes, then issued.' })
  refund!: Refund;

  @Field(() => [ReturnEvent], { description: 'The return\'s history, oldest first: the status timeline to show the customer.' })
  events!: ReturnEvent[];

  @Field(() => String, { nullable: true, description: 'Why staff rejected the return (shown to the customer); null unless REJECTED.' })
  rejectionReason!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the packaging arrived fit for reuse.' })
  packagingReusable!: boolean | null;

  @Field(() => Int, { description: 'Increments with every change (optimistic concurrency for clients).' })
  version!: number;

  @Field({ description: 'True for a past return loaded by importReturns: dated as it happened, never announced to partners or merchants.' })
  imported!: boolean;

  @Field(() => String, { nullable: true, description: 'Imported returns: the merchant\'s own return id (unique per merchant); null otherwise.' })
  externalId!: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the customer requested the return.' })
  createdAt!: Date;

  @Field(() => GraphQLDateTime, { description: 'When the return last changed.' })
  updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A page of returns (Relay connection, newest first).' })
export class ReturnConnection extends connectionOf(Return, 'Return') {
  @Field(() => Int, { description: 'Returns matching the filter (one count query, only when asked for).' })
  totalCount!: number;
}

@ObjectType({ simpleResolvers: true, description: 'One stage of a unit\'s path after its disposition.' })
export class CustodyStep {
  @Field({ description: 'REFURBISHMENT, RECYCLING_LOT, VENDOR_RETURN, RESALE_LISTING or DISPOSAL.' }) kind!: string;
  @Field({ description: 'The stage\'s own status, e.g. a refurbishment job\'s COMPLETED or a lot\'s CLOSED.' }) status!: string;
  @Field(() => String, { nullable: true, description: 'The partner (or, for a disposal, the recipient or buyer).' }) partnerName!: string | null;
  @Field(() => String, { nullable: true, description: 'The partner\'s reference for it (certificate number, credit reference, …); null when none.' }) reference!: string | null;
  @Field(() => GraphQLDateTime, { description: 'When the stage last changed.' }) at!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A returned item\'s custody chain: received, graded, dispositioned, where it went, what came of it.' })
export class CustodyChain {
  @Field(() => Int, { description: 'Units of this item received at the dock.' }) receivedUnits!: number;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the first of these units was received at the dock (for a split item: with the item it was split off).' })
  receivedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When these units were split off another item (graded apart, or one unit per refurbishment job); null for an original.' })
  splitAt!: Date | null;
  @Field(() => ConditionGradeEnum, { nullable: true, description: 'Grade given at inspection; null until inspected.' }) grade!: string | null;
  @Field(() => DispositionTypeEnum, { nullable: true, description: 'The disposition set; null until decided.' }) disposition!: string | null;
  @Field({ description: 'The operator chose another disposition than the engine recommended.' }) dispositionOverridden!: boolean;
  @Field(() => [CustodyStep], { description: 'Where the units went after the disposition, oldest first.' }) steps!: CustodyStep[];
  @Field(() => Money, { description: 'Recovered so far (sale, vendor credit, disposal, minus refurbishment cost), else the estimate.' }) valueRecovered!: Money;
  @Field({ description: 'True while valueRecovered is the disposition engine\'s estimate.' }) valueIsEstimate!: boolean;
  @Field(() => Float, { description: 'Estimated kg CO2e avoided for the received units.' }) co2eAvoidedKg!: number;
}
