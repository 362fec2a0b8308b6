import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { ConditionGradeEnum, DispositionTypeEnum, RefundMethodEnum, RefundStatusEnum, ReturnReasonCodeEnum, ReturnResolutionEnum, ReturnStatusEnum } from './enums';
import { Money, Node, connectionOf } from './common.types';
import { Customer, Order, OrderLine } from './order.types';

@ObjectType({ simpleResolvers: true, description: 'What the disposition engine recommends for an inspected item, and why.' })
export class RecommendedDisposition {
  @Field(() => DispositionTypeEnum)
  disposition!: string;

  @Field(() => Money, { description: 'Expected value recovered for the received units (negative when disposal costs money).' })
  expectedRecovery!: Money;

  @Field(() => Float, { description: 'Estimated kg CO2e avoided for the received units versus making new ones.' })
  co2eAvoidedKg!: number;

  @Field()
  rationale!: string;

  @Field({ description: 'The rule that matched, for audit.' })
  ruleId!: string;
}

@ObjectType({ simpleResolvers: true, implements: Node })
export class ReturnItem extends Node {
  @Field(() => OrderLine)
  orderLine!: OrderLine;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Int)
  receivedQuantity!: number;

  @Field(() => Int, { description: 'Units closed as never received.' })
  missingQuantity!: number;

  @Field(() => ReturnReasonCodeEnum)
  reason!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => ReturnResolutionEnum)
  resolution!: string;

  @Field(() => String, { nullable: true })
  exchangeSku!: string | null;

  @Field(() => ConditionGradeEnum, { nullable: true })
  grade!: string | null;

  @Field(() => String, { nullable: true })
  inspectionNotes!: string | null;

  @Field(() => RecommendedDisposition, { nullable: true })
  recommendedDisposition!: RecommendedDisposition | null;

  @Field(() => DispositionTypeEnum, { nullable: true })
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
  @Field()
  type!: string;

  @Field(() => GraphQLDateTime)
  at!: Date;

  @Field({ description: '"system", or role:subject such as "operator:alice" or "customer:C-1001".' })
  actor!: string;

  @Field(() => GraphQLJSONObject)
  data!: Record<string, unknown>;
}

@ObjectType({ simpleResolvers: true })
export class Refund {
  @Field(() => Money)
  amount!: Money;

  @Field(() => RefundStatusEnum)
  status!: string;

  @Field(() => RefundMethodEnum)
  method!: string;

  @Field(() => GraphQLDateTime, { nullable: true })
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

@ObjectType({ simpleResolvers: true })
export class ReturnFees {
  @Field(() => Money)
  restockingFee!: Money;

  @Field(() => Money)
  returnShippingFee!: Money;

  @Field(() => Money)
  total!: Money;
}

@ObjectType({ simpleResolvers: true, implements: Node, description: 'A return (RMA).' })
export class Return extends Node {
  @Field()
  rmaNumber!: string;

  @Field(() => ReturnStatusEnum)
  status!: string;

  @Field(() => Order)
  order!: Order;

  @Field(() => Customer)
  customer!: Customer;

  @Field(() => [ReturnItem])
  items!: ReturnItem[];

  @Field(() => ReturnFees)
  fees!: ReturnFees;

  @Field(() => Refund)
  refund!: Refund;

  @Field(() => [ReturnEvent])
  events!: ReturnEvent[];

  @Field(() => String, { nullable: true })
  rejectionReason!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the packaging arrived fit for reuse.' })
  packagingReusable!: boolean | null;

  @Field(() => Int, { description: 'Increments with every change (optimistic concurrency for clients).' })
  version!: number;

  @Field({ description: 'True for a past return loaded by importReturns: dated as it happened, never announced to partners or merchants.' })
  imported!: boolean;

  @Field(() => String, { nullable: true, description: 'Imported returns: the merchant\'s own return id (unique per merchant); null otherwise.' })
  externalId!: string | null;

  @Field(() => GraphQLDateTime)
  createdAt!: Date;

  @Field(() => GraphQLDateTime)
  updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class ReturnConnection extends connectionOf(Return, 'Return') {
  @Field(() => Int, { description: 'Returns matching the filter (one count query, only when asked for).' })
  totalCount!: number;
}

@ObjectType({ simpleResolvers: true, description: 'One stage of a unit\'s path after its disposition.' })
export class CustodyStep {
  @Field({ description: 'REFURBISHMENT, RECYCLING_LOT, VENDOR_RETURN, RESALE_LISTING or DISPOSAL.' }) kind!: string;
  @Field() status!: string;
  @Field(() => String, { nullable: true, description: 'The partner (or, for a disposal, the recipient or buyer).' }) partnerName!: string | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => GraphQLDateTime) at!: Date;
}

@ObjectType({ simpleResolvers: true, description: 'A returned item\'s custody chain: received, graded, dispositioned, where it went, what came of it.' })
export class CustodyChain {
  @Field(() => Int) receivedUnits!: number;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the first of these units was received at the dock (for a split item: with the item it was split off).' })
  receivedAt!: Date | null;
  @Field(() => GraphQLDateTime, { nullable: true, description: 'When these units were split off another item (graded apart, or one unit per refurbishment job); null for an original.' })
  splitAt!: Date | null;
  @Field(() => ConditionGradeEnum, { nullable: true }) grade!: string | null;
  @Field(() => DispositionTypeEnum, { nullable: true }) disposition!: string | null;
  @Field({ description: 'The operator chose another disposition than the engine recommended.' }) dispositionOverridden!: boolean;
  @Field(() => [CustodyStep]) steps!: CustodyStep[];
  @Field(() => Money, { description: 'Recovered so far (sale, vendor credit, disposal, minus refurbishment cost), else the estimate.' }) valueRecovered!: Money;
  @Field({ description: 'True while valueRecovered is the disposition engine\'s estimate.' }) valueIsEstimate!: boolean;
  @Field(() => Float, { description: 'Estimated kg CO2e avoided for the received units.' }) co2eAvoidedKg!: number;
}
