/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Closes the units of a received return that never arrived. */
export type CloseMissingItemsInput = {
  /** Id of the return (Return.id). */
  returnId: string | number;
};

/** Condition found at inspection, best to worst. */
export type ConditionGrade =
  /** Damaged or not working; may be repairable. */
  | 'DAMAGED'
  /** Visible wear or missing accessories; works. */
  | 'FAIR'
  /** Light signs of use; works fully. */
  | 'GOOD'
  /** Opened but unused, no marks; complete. */
  | 'LIKE_NEW'
  /** Unopened, in its original sealed packaging. */
  | 'NEW_SEALED'
  /** Beyond repair or resale; only materials can be recovered. */
  | 'UNSALVAGEABLE';

/** How a returned unit looks, best to worst: the cosmetic half of an inspection, recorded beside the ConditionGrade. */
export type CosmeticGrade =
  /** Opened, no marks. */
  | 'AS_NEW'
  /** Damaged (cracked, torn, dented, stained). */
  | 'DAMAGED'
  /** Destroyed: only materials are left to recover. */
  | 'DESTROYED'
  /** Light signs of wear. */
  | 'LIGHT_WEAR'
  /** Sealed, unopened. */
  | 'SEALED'
  /** Visible wear or marks. */
  | 'VISIBLE_WEAR';

/** The next life of a returned unit. */
export type DispositionType =
  /** Disposed of (last resort). */
  | 'DISPOSE'
  /** Given to a charity. */
  | 'DONATE'
  /** Sold in bulk to a liquidator. */
  | 'LIQUIDATE'
  /** Sent to a recycler for material recovery. */
  | 'RECYCLE'
  /** Sent to a refurbisher, then resold. */
  | 'REFURBISH'
  /** Resold as open box / used at a discount. */
  | 'RESELL_OPEN_BOX'
  /** Back into sellable stock as new. */
  | 'RESTOCK'
  /** Sent back to the supplier for credit. */
  | 'RETURN_TO_VENDOR';

/** What kind of drop-off location. */
export type DropOffLocationType =
  /** A carrier's parcel point (CARRIER partners). */
  | 'CARRIER_POINT'
  /** A parcel locker (LOCKER_NETWORK partners). */
  | 'LOCKER'
  /** A store taking returns (STORE_NETWORK partners). */
  | 'STORE';

/** Whether a returned unit works (or, for goods without a function, is complete and usable), best to worst: the functional half of an inspection. */
export type FunctionalGrade =
  /** Does not work and cannot be repaired. */
  | 'BEYOND_REPAIR'
  /** A minor fault or a part or accessory missing. */
  | 'MINOR_FAULT'
  /** Does not work; may be repairable. */
  | 'NOT_WORKING'
  /** Works fully / complete. */
  | 'WORKS';

/** Why an order line cannot be returned. */
export type IneligibleReason =
  /** Every unit is already claimed by another return. */
  | 'ALREADY_RETURNED'
  /** The line's category is not returnable under the policy. */
  | 'NON_RETURNABLE_CATEGORY'
  /** The return window has passed (see deadline). */
  | 'WINDOW_EXPIRED';

/** An inspector's grade for a received item. */
export type InspectReturnItemInput = {
  /** How the unit looks, recorded beside the grade (ReturnItem.cosmeticGrade); optional. */
  cosmeticGrade?: CosmeticGrade | null | undefined;
  /** Whether the unit works or is complete, recorded beside the grade (ReturnItem.functionalGrade); optional. */
  functionalGrade?: FunctionalGrade | null | undefined;
  /** Condition found: what the disposition rules use. */
  grade: ConditionGrade;
  /** Inspector's notes (up to 2000 characters); optional. */
  notes?: string | null | undefined;
  /** Id of the item (ReturnItem.id) to grade. */
  returnItemId: string | number;
  /** Grade only this many of the item's received units (fewer than all): they are split off into a new item of the same line, which the payload returns; the rest keep their state. Left out: every received unit gets the grade. */
  units?: number | null | undefined;
};

/** WEEE (electrical and electronic equipment), TEXTILES (clothing and footwear), MIXED. */
export type MaterialStream =
  /** Everything else. */
  | 'MIXED'
  /** Clothing and footwear. */
  | 'TEXTILES'
  /** Waste electrical and electronic equipment. */
  | 'WEEE';

/** Units of one return item counted at the dock. */
export type ReceiveItemInput = {
  /** Units counted now (at least 1, at most the units still outstanding). */
  quantity: number;
  /** Id of the item (ReturnItem.id) on this return. */
  returnItemId: string | number;
};

/** Units received at the warehouse for one return. */
export type ReceiveReturnInput = {
  /** The items counted (1-100); an item may appear more than once, the quantities add up. */
  items: Array<ReceiveItemInput>;
  /** Whether the packaging is fit for reuse; left out, it is not recorded. */
  packagingReusable?: boolean | null | undefined;
  /** Id of the return (Return.id). */
  returnId: string | number;
};

/** How a return's refund is paid, from its items' resolutions. */
export type RefundMethod =
  /** As an exchange item. */
  | 'EXCHANGE'
  /** Items of the return have different resolutions. */
  | 'MIXED'
  /** Back to the original payment method (resolution REFUND). */
  | 'ORIGINAL_PAYMENT'
  /** As store credit. */
  | 'STORE_CREDIT';

/** Where the money stands: QUOTED until the refund is due, REQUESTED from the merchant's payment system, ISSUED once it confirms, FAILED when it declined (an operator retries), NONE when nothing is owed. See docs/refunds.md. */
export type RefundStatus =
  /** The merchant declined or refused the request; failureReason says why. An operator can retry it (retryRefund). */
  | 'FAILED'
  /** Confirmed by the merchant's systems (or recorded by an operator): the money or credit went out. */
  | 'ISSUED'
  /** Nothing is owed (cancelled, rejected, expired, or a zero refund). */
  | 'NONE'
  /** An estimate: the refund is not due yet (the return is not complete, or not refunded at the first scan). */
  | 'QUOTED'
  /** Asked of the merchant's payment (or store-credit) system; not paid until it confirms. Also the state while no merchant integration takes refunds (awaitingMerchant). */
  | 'REQUESTED';

/** CREATED → DISPATCHED → ACCEPTED → DIAGNOSED → IN_REPAIR → COMPLETED, or UNREPAIRABLE, REJECTED (re-routed), CLOSED (operator chose not to repair), CANCELLED (disposition changed before dispatch; reopened if REFURBISH is chosen again). */
export type RefurbishmentJobStatus =
  /** The vendor accepted the unit. */
  | 'ACCEPTED'
  /** Cancelled before dispatch (the item's disposition changed). */
  | 'CANCELLED'
  /** Closed by an operator's decision not to repair. */
  | 'CLOSED'
  /** Repaired and graded; the unit goes on resale. */
  | 'COMPLETED'
  /** Created and routed to a vendor; not yet handed over. */
  | 'CREATED'
  /** The vendor quoted the repair; it goes on once approved (automatically up to the policy limit). */
  | 'DIAGNOSED'
  /** Handed to the vendor; waiting for it to accept. */
  | 'DISPATCHED'
  /** Being repaired. */
  | 'IN_REPAIR'
  /** The vendor refused the job; it is routed to another vendor. */
  | 'REJECTED'
  /** Cannot be repaired; the unit goes to recycling. */
  | 'UNREPAIRABLE';

/** A customer's request to return lines of one order. */
export type RequestReturnInput = {
  /** Same key and same input returns the first result. */
  idempotencyKey?: string | null | undefined;
  /** The lines to return (1-100), each order line at most once. */
  items: Array<ReturnItemInput>;
  /** Id of the order (Order.id); a customer or guest may only name their own. */
  orderId: string | number;
};

/** One order line to return, with how many units and why. */
export type ReturnItemInput = {
  /** The SKU wanted in exchange; required with resolution EXCHANGE, refused otherwise. */
  exchangeSku?: string | null | undefined;
  /** The customer's own words (up to 2000 characters); required for reasons whose definition has requiresNote. */
  note?: string | null | undefined;
  /** Id of the order line (OrderLine.id) on the order named by orderId. */
  orderLineId: string | number;
  /** Units to return (1 to the line's returnableQuantity). */
  quantity: number;
  /** Why the customer returns it (returnReasons lists the reasons with their labels). */
  reason: ReturnReasonCode;
  /** What the customer wants instead; REFUND when left out. */
  resolution?: ReturnResolution | null | undefined;
};

/** How a return travels back. */
export type ReturnMethodType =
  /** Prepaid carrier label (or paperless QR) handed in at a carrier point. */
  | 'CARRIER_DROP_OFF'
  /** Collected at the customer's address in a booked time window. */
  | 'HOME_PICKUP'
  /** Dropped in a reserved parcel-locker compartment with a code. */
  | 'LOCKER'
  /** Nothing travels: refunded at once, the customer keeps, donates or recycles the item. */
  | 'RETURNLESS'
  /** Box-free drop-off in a store, with a QR code. */
  | 'STORE_DROP_OFF';

/** A selection of order lines to price before requesting the return. */
export type ReturnQuoteInput = {
  /** The lines to price, each at most once (1 to 100). */
  items: Array<ReturnQuoteItemInput>;
  /** The order the lines belong to. */
  orderId: string | number;
};

/** One order line of a selection to price: how many units and why. */
export type ReturnQuoteItemInput = {
  /** The order line (OrderLine id). */
  orderLineId: string | number;
  /** Units to return; at most the line's returnableQuantity. */
  quantity: number;
  /** The reason: some reasons waive the restocking fee or the return shipping fee. */
  reason: ReturnReasonCode;
};

/** Why a customer returns an item (returnReasons gives each its label and whether it needs a note). */
export type ReturnReasonCode =
  /** The item arrived after it was needed. */
  | 'ARRIVED_LATE'
  /** The item is no longer wanted. */
  | 'CHANGED_MIND'
  /** The item or its packaging was damaged on the way. */
  | 'DAMAGED_IN_TRANSIT'
  /** The item is faulty, broken or does not work as intended. */
  | 'DEFECTIVE'
  /** The item differs from its description or pictures. */
  | 'NOT_AS_DESCRIBED'
  /** Another reason, explained in a note. */
  | 'OTHER'
  /** The item works but its quality is below expectations. */
  | 'QUALITY'
  /** The item is larger than expected or than the size ordered. */
  | 'SIZE_TOO_LARGE'
  /** The item is smaller than expected or than the size ordered. */
  | 'SIZE_TOO_SMALL'
  /** The look, colour or fit is not what the customer wanted. */
  | 'STYLE'
  /** A different item, size or colour was delivered than was ordered. */
  | 'WRONG_ITEM';

/** What the customer wants in place of the returned item. */
export type ReturnResolution =
  /** Another item (exchangeSku) instead. */
  | 'EXCHANGE'
  /** Money back to the original payment method. */
  | 'REFUND'
  /** Credit to spend with the merchant. */
  | 'STORE_CREDIT';

/** Lifecycle of a return (RMA). */
export type ReturnStatus =
  /** Approved; the customer chooses a return method next. */
  | 'APPROVED'
  /** A method is booked (label, locker code, drop-off or pickup); waiting for the parcel to be handed in. */
  | 'AWAITING_DROP_OFF'
  /** Cancelled before it shipped; final. */
  | 'CANCELLED'
  /** Every unit has a disposition and the refund is issued (or the return was settled returnless); final. */
  | 'COMPLETED'
  /** Never handed in before the booking lapsed; final. */
  | 'EXPIRED'
  /** Every received unit is graded; dispositions are next. */
  | 'INSPECTED'
  /** Handed in and on its way to the warehouse. */
  | 'IN_TRANSIT'
  /** Units arrived at the warehouse; inspection is next. */
  | 'RECEIVED'
  /** Refused by staff (see rejectionReason); final. */
  | 'REJECTED'
  /** Requested by the customer; waiting for approval (or approved at once when the policy auto-approves). */
  | 'REQUESTED';

/** Who the caller is, from their credentials. */
export type Role =
  /** Administrator: everything operators can do, plus policies, partners and settings. */
  | 'ADMIN'
  /** No credentials. */
  | 'ANONYMOUS'
  /** A customer signed in with a JWT (sub = their externalId); sees only their own orders and returns. */
  | 'CUSTOMER'
  /** A customer with a guest token from startGuestReturn; sees only that one order and its returns. */
  | 'GUEST'
  /** Warehouse or customer-service staff. */
  | 'OPERATOR'
  /** A partner calling with its API key; sees only its own jobs, lots and bookings. */
  | 'PARTNER';

/** The customer's choice of return method. */
export type SelectReturnMethodInput = {
  /** LOCKER: the locker chosen from the option's locations. */
  locationId?: string | number | null | undefined;
  /** ReturnMethodOption.id from returnMethodOptions for this return. */
  optionId: string | number;
  /** HOME_PICKUP: one of the option's windows. */
  pickupWindow?: TimeWindowInput | null | undefined;
  /** Id of the APPROVED return. */
  returnId: string | number;
};

/** An operator's decision on an inspected item's next life. */
export type SetDispositionInput = {
  /** The disposition: the recommended one, or another one with a reason. */
  disposition: DispositionType;
  /** Required when overriding the recommendation. */
  reason?: string | null | undefined;
  /** Id of the inspected item (ReturnItem.id). */
  returnItemId: string | number;
};

/** What a customer without an account knows of their order. */
export type StartGuestReturnInput = {
  /** The email the order was placed with (compared case-insensitively). */
  email: string;
  /** The order number from the confirmation email. */
  orderNumber: string;
};

/** A time window, copied from an offered TimeWindow. */
export type TimeWindowInput = {
  /** End, exactly as offered. */
  end: string;
  /** Start, exactly as offered. */
  start: string;
};

/** Stable machine-readable reason of a userError. Match on it, not on the message; docs/error-codes.md lists the codes each mutation can answer. */
export type UserErrorCode =
  /** The item's units already went to a partner (refurbisher, recycler or vendor); its disposition can no longer change. */
  | 'ALREADY_DISPATCHED'
  /** The item already has a disposition; it is not graded again. */
  | 'ALREADY_DISPOSITIONED'
  /** The refund or store credit was already confirmed; a later decline changes nothing. */
  | 'ALREADY_ISSUED'
  /** A disposal is already recorded for this item. */
  | 'ALREADY_RECORDED'
  /** The item's refurbishment job has ended; an item is not refurbished twice. */
  | 'ALREADY_REFURBISHED'
  /** Every unit of this order line is already claimed by another return. */
  | 'ALREADY_RETURNED'
  /** An operation of this kind is already queued or running; the payload carries that operation instead of a new one. */
  | 'ALREADY_RUNNING'
  /** Units of this item were sold through its resale listing; its disposition can no longer change. */
  | 'ALREADY_SOLD'
  /** A return method is already being booked with the partner for this return; wait for Return.method.status to settle. */
  | 'BOOKING_IN_PROGRESS'
  /** Someone else saved a new version at the same moment; nothing was stored. Reload and retry. */
  | 'CONCURRENT_UPDATE'
  /** A disposal names its counterparty: the recipient of a donation or the buyer of a liquidation. */
  | 'COUNTERPARTY_REQUIRED'
  /** The amount is in another currency than the object it belongs to; send it in the currency the message names. */
  | 'CURRENCY_MISMATCH'
  /** No operator decision is pending on this refurbishment job (not DIAGNOSED above the auto-approve limit, or already decided). */
  | 'DECISION_NOT_PENDING'
  /** The units (or the lot or authorization) are being handed to a partner right now; retry once the hand-over has succeeded or failed. */
  | 'DISPATCH_PENDING'
  /** The item's disposition does not match the disposal recorded (e.g. a DONATE record for a LIQUIDATE item). */
  | 'DISPOSITION_MISMATCH'
  /** The same location externalId appears twice in one call. */
  | 'DUPLICATE_EXTERNAL_ID'
  /** The same order line appears twice in one return request; send each line once with its total quantity. */
  | 'DUPLICATE_LINE'
  /** The same orderNumber appears twice in one importOrders call. */
  | 'DUPLICATE_ORDER_NUMBER'
  /** A part has no bytes (HTTP 400); send each part with its bytes. */
  | 'EMPTY_PART'
  /** The shop did not answer the stock check in time; nothing was stored. Try again shortly, or choose another resolution. */
  | 'EXCHANGE_CHECK_FAILED'
  /** exchangeSku was given for an item whose resolution is not EXCHANGE. */
  | 'EXCHANGE_SKU_NOT_ALLOWED'
  /** An item with resolution EXCHANGE needs exchangeSku, the SKU to send instead. */
  | 'EXCHANGE_SKU_REQUIRED'
  /** Exchanges are not possible for this order: no shop system (merchant partner) is connected. Offer a refund or store credit instead. */
  | 'EXCHANGE_UNAVAILABLE'
  /** The exchangeSku is not one of the variants offered for this line (see exchangeOptions): unknown, the same SKU, another currency, or not in stock for the units asked. Let the customer pick another variant. */
  | 'EXCHANGE_VARIANT_UNAVAILABLE'
  /** externalId, the merchant's own return id, is empty. */
  | 'EXTERNAL_ID_REQUIRED'
  /** With this part the staged file would exceed BULK_IMPORT_FILE_MAX_BYTES (HTTP 413); nothing of the part was stored. */
  | 'FILE_TOO_LARGE'
  /** This idempotencyKey was already used for a request with different input; use a new key for a new request. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The object's current status does not allow this action (e.g. approving a return that is already RECEIVED); nothing changed. Refetch the object and offer only the actions its status allows. */
  | 'ILLEGAL_TRANSITION'
  /** The staged import was started already (startBulkImport): its parts can no longer change and it is not queued twice. Follow it with bulkImport(id). */
  | 'IMPORT_ALREADY_STARTED'
  /** The staged upload expired (no part arrived for BULK_IMPORT_STAGED_TTL_MS) and its parts were deleted; create a new staged import and send the file again. */
  | 'IMPORT_EXPIRED'
  /** A partner report lacks a required part (e.g. the grades of a completed repair, a recycling certificate number or material fractions); the field names it. */
  | 'INCOMPLETE_REPORT'
  /** The amount is not a valid non-negative decimal in the currency's minor-unit precision (e.g. "19.99" for EUR, "1500" for JPY). */
  | 'INVALID_AMOUNT'
  /** A date is in the future, before the order was placed, received or refunded before it was requested, or given for a status the return never reached. */
  | 'INVALID_DATE'
  /** The disposition is not one of the DispositionType values. */
  | 'INVALID_DISPOSITION'
  /** The partner endpoint is not an http(s) URL (https only in production). */
  | 'INVALID_ENDPOINT'
  /** A sustainability factor override is not valid; the field path names the row (see docs/sustainability.md). */
  | 'INVALID_FACTORS'
  /** The grade is not one of the ConditionGrade values. */
  | 'INVALID_GRADE'
  /** The material is not one of the Material values. */
  | 'INVALID_MATERIAL'
  /** The optionId is not a return method option id; ask returnMethodOptions for the current options. */
  | 'INVALID_OPTION'
  /** A part number is a whole number from 1 to 10,000 (HTTP 400). */
  | 'INVALID_PART_NUMBER'
  /** A quantity is below 1, or a received quantity is outside 0..quantity. */
  | 'INVALID_QUANTITY'
  /** The credit reference is longer than allowed. */
  | 'INVALID_REFERENCE'
  /** A partner report has a value that is too long or too many entries; the message gives the limit. */
  | 'INVALID_REPORT'
  /** The treatment route is not one of the TreatmentRoute values. */
  | 'INVALID_ROUTE'
  /** The disposition rule set is not valid; each error names the rule and the problem (see docs/dispositions.md). */
  | 'INVALID_RULE_SET'
  /** The status is not one of the ReturnStatus values. */
  | 'INVALID_STATUS'
  /** units must be at least 1. */
  | 'INVALID_UNITS'
  /** A material weight is not a number of kilograms in the allowed range. */
  | 'INVALID_WEIGHT'
  /** The sku is on several lines of the order; give lineNumber instead. */
  | 'LINE_AMBIGUOUS'
  /** The order has no line with this lineNumber or sku. */
  | 'LINE_NOT_FOUND'
  /** An imported return item names its order line by neither lineNumber nor sku. */
  | 'LINE_REQUIRED'
  /** The chosen location is not one of the option's locations, or the locker has no free compartment for the parcel. */
  | 'LOCATION_NOT_AVAILABLE'
  /** A LOCKER option needs locationId, the locker chosen from the option's locations. */
  | 'LOCATION_REQUIRED'
  /** The order line's category is not returnable under the merchant's return policy. */
  | 'NON_RETURNABLE_CATEGORY'
  /** A note is required here: the return reason needs one (see ReturnReasonDefinition.requiresNote), or an operator sends a recycling report back without saying why. */
  | 'NOTE_REQUIRED'
  /** Every unit of the return is already received or closed as missing. */
  | 'NOTHING_OUTSTANDING'
  /** No unit of this item has been received yet, so it cannot be inspected. */
  | 'NOTHING_RECEIVED'
  /** The order line cannot be returned for a reason not covered by a more specific code. */
  | 'NOT_ELIGIBLE'
  /** There is not enough mature order history to train the return-risk model; the message gives the counts needed. Seen as AdminOperation.errorCode of a failed TRAIN_RISK_MODEL operation, not in a payload. */
  | 'NOT_ENOUGH_HISTORY'
  /** The object named by the field does not exist or is not visible to the caller (the two are not told apart). */
  | 'NOT_FOUND'
  /** The item has no grade yet; inspect it before setting its disposition. */
  | 'NOT_INSPECTED'
  /** A grade, disposition or value recovered was given for an item with no received units. */
  | 'NOT_RECEIVED'
  /** No refund or store credit waits to be recorded: it is with a merchant, already issued, or not due. */
  | 'NOT_RECORDABLE'
  /** Nothing to retry: only DEAD integration jobs, and FAILED refunds or store credit (or ones waiting for a merchant), can be retried. */
  | 'NOT_RETRYABLE'
  /** Only LOCKER_NETWORK partners publish points that can be synced. */
  | 'NOT_SYNCABLE'
  /** The return has no items. */
  | 'NO_ITEMS'
  /** No active merchant partner takes this kind of payout (refunds or store credit) yet; record it by hand (recordRefund) or configure one. */
  | 'NO_MERCHANT'
  /** No recycler is assigned to this lot yet, so it cannot be dispatched. */
  | 'NO_RECYCLER'
  /** No vendor takes returns for this authorization's supplier yet, so it cannot be dispatched. */
  | 'NO_VENDOR'
  /** The option is no longer offered for this return (policy, fees or partners changed); ask returnMethodOptions again. */
  | 'OPTION_NOT_AVAILABLE'
  /** The order already has returns: its lines, customer and currency can no longer change on re-import. */
  | 'ORDER_HAS_RETURNS'
  /** No order matches this order number and email (startGuestReturn); the two are not told apart. */
  | 'ORDER_NOT_FOUND'
  /** A disposition other than the recommended one needs a reason. */
  | 'OVERRIDE_REASON_REQUIRED'
  /** The parts received are not numbered 1 to N without a gap (or not 1 to the partCount given), or none arrived; the message lists the missing or extra part numbers. Send them (GET /imports/<id>/parts lists what arrived) and start again. */
  | 'PARTS_INCOMPLETE'
  /** A part is larger than BULK_IMPORT_PART_MAX_BYTES (HTTP 413); split the file into smaller parts. */
  | 'PART_TOO_LARGE'
  /** The pickup window is not one of the windows the HOME_PICKUP option offers. */
  | 'PICKUP_WINDOW_NOT_AVAILABLE'
  /** More units were received than are still expected for this return item. */
  | 'QUANTITY_EXCEEDS_OUTSTANDING'
  /** units is more than the item's received units. */
  | 'QUANTITY_EXCEEDS_RECEIVED'
  /** More units were asked for than can still be returned on this order line (see ReturnableItem.returnableQuantity). */
  | 'QUANTITY_EXCEEDS_RETURNABLE'
  /** A refurbishment job moving to DIAGNOSED must carry the repair quote. */
  | 'QUOTE_REQUIRED'
  /** Confirming a vendor credit, or a refund or store credit paid outside Boomerang, needs its reference. */
  | 'REFERENCE_REQUIRED'
  /** The refund is more than the returned units were paid. */
  | 'REFUND_EXCEEDS_VALUE'
  /** A refund was given for a CANCELLED, REJECTED or EXPIRED return. */
  | 'REFUND_NOT_ALLOWED'
  /** The repair quote has not been approved yet, so the job cannot move into repair. */
  | 'REPAIR_NOT_APPROVED'
  /** This merchant's externalId was imported before with different content; nothing of this row was written. */
  | 'RETURN_ALREADY_IMPORTED'
  /** The recycling lot is not in NEEDS_REVIEW, so there is no report to accept or send back. */
  | 'REVIEW_NOT_PENDING'
  /** A reference, reason or store-credit code is longer than 200 characters. */
  | 'TEXT_TOO_LONG'
  /** This kind of partner cannot have locations of that type (e.g. a STORE location for a LOCKER_NETWORK). */
  | 'TYPE_NOT_FOR_PARTNER'
  /** Fewer units are free than asked for: the rest are already in a recycling lot, vendor return, refurbishment job, sale or disposal. */
  | 'UNITS_COMMITTED'
  /** No adapter of that id exists for the partner kind; the message lists the available ones. */
  | 'UNKNOWN_ADAPTER'
  /** A merchant event type in capabilities.events is not one Boomerang sends; the message lists them. */
  | 'UNKNOWN_EVENT_TYPE'
  /** The return window of this order line has passed (see ReturnableItem.deadline). */
  | 'WINDOW_EXPIRED';

export type ConsoleViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleViewerQuery = { viewer: { role: Role, subject: string | null } };

export type ConsoleReturnFragment = { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, order: { orderNumber: string }, customer: { name: string | null, email: string }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, label: { carrier: string, trackingNumber: string } | null } | null, items: Array<{ id: string, quantity: number, receivedQuantity: number, missingQuantity: number, reason: ReturnReasonCode, note: string | null, grade: ConditionGrade | null, cosmeticGrade: CosmeticGrade | null, functionalGrade: FunctionalGrade | null, inspectionNotes: string | null, disposition: DispositionType | null, dispositionReason: string | null, orderLine: { sku: string, name: string, category: string, unitPrice: { amount: string, currencyCode: string } }, recommendedDisposition: { disposition: DispositionType, rationale: string, co2eAvoidedKg: number, expectedRecovery: { amount: string, currencyCode: string } } | null }> };

export type ConsoleScanQueryVariables = Exact<{
  code: string;
}>;


export type ConsoleScanQuery = { returnByScan: { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, order: { orderNumber: string }, customer: { name: string | null, email: string }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, label: { carrier: string, trackingNumber: string } | null } | null, items: Array<{ id: string, quantity: number, receivedQuantity: number, missingQuantity: number, reason: ReturnReasonCode, note: string | null, grade: ConditionGrade | null, cosmeticGrade: CosmeticGrade | null, functionalGrade: FunctionalGrade | null, inspectionNotes: string | null, disposition: DispositionType | null, dispositionReason: string | null, orderLine: { sku: string, name: string, category: string, unitPrice: { amount: string, currencyCode: string } }, recommendedDisposition: { disposition: DispositionType, rationale: string, co2eAvoidedKg: number, expectedRecovery: { amount: string, currencyCode: string } } | null }> } | null };

export type ConsoleReturnByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleReturnByIdQuery = { node:
    | { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, order: { orderNumber: string }, customer: { name: string | null, email: string }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, label: { carrier: string, trackingNumber: string } | null } | null, items: Array<{ id: string, quantity: number, receivedQuantity: number, missingQuantity: number, reason: ReturnReasonCode, note: string | null, grade: ConditionGrade | null, cosmeticGrade: CosmeticGrade | null, functionalGrade: FunctionalGrade | null, inspectionNotes: string | null, disposition: DispositionType | null, dispositionReason: string | null, orderLine: { sku: string, name: string, category: string, unitPrice: { amount: string, currencyCode: string } }, recommendedDisposition: { disposition: DispositionType, rationale: string, co2eAvoidedKg: number, expectedRecovery: { amount: string, currencyCode: string } } | null }> }
    | Record<PropertyKey, never>
   | null };

export type ConsoleReceiveMutationVariables = Exact<{
  input: ReceiveReturnInput;
}>;


export type ConsoleReceiveMutation = { receiveReturn: { return: { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, order: { orderNumber: string }, customer: { name: string | null, email: string }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, label: { carrier: string, trackingNumber: string } | null } | null, items: Array<{ id: string, quantity: number, receivedQuantity: number, missingQuantity: number, reason: ReturnReasonCode, note: string | null, grade: ConditionGrade | null, cosmeticGrade: CosmeticGrade | null, functionalGrade: FunctionalGrade | null, inspectionNotes: string | null, disposition: DispositionType | null, dispositionReason: string | null, orderLine: { sku: string, name: string, category: string, unitPrice: { amount: string, currencyCode: string } }, recommendedDisposition: { disposition: DispositionType, rationale: string, co2eAvoidedKg: number, expectedRecovery: { amount: string, currencyCode: string } } | null }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleCloseMissingMutationVariables = Exact<{
  input: CloseMissingItemsInput;
}>;


export type ConsoleCloseMissingMutation = { closeMissingItems: { return: { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, order: { orderNumber: string }, customer: { name: string | null, email: string }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, label: { carrier: string, trackingNumber: string } | null } | null, items: Array<{ id: string, quantity: number, receivedQuantity: number, missingQuantity: number, reason: ReturnReasonCode, note: string | null, grade: ConditionGrade | null, cosmeticGrade: CosmeticGrade | null, functionalGrade: FunctionalGrade | null, inspectionNotes: string | null, disposition: DispositionType | null, dispositionReason: string | null, orderLine: { sku: string, name: string, category: string, unitPrice: { amount: string, currencyCode: string } }, recommendedDisposition: { disposition: DispositionType, rationale: string, co2eAvoidedKg: number, expectedRecovery: { amount: string, currencyCode: string } } | null }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleInspectMutationVariables = Exact<{
  input: InspectReturnItemInput;
}>;


export type ConsoleInspectMutation = { inspectReturnItem: { item: { id: string } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleSetDispositionMutationVariables = Exact<{
  input: SetDispositionInput;
}>;


export type ConsoleSetDispositionMutation = { setDisposition: { item: { id: string, disposition: DispositionType | null } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type ConsoleReturnQueueQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  status: Array<ReturnStatus> | ReturnStatus;
}>;


export type ConsoleReturnQueueQuery = { returns: { edges: Array<{ node: { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, updatedAt: string, order: { orderNumber: string }, items: Array<{ quantity: number, receivedQuantity: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleRecyclingReviewQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ConsoleRecyclingReviewQuery = { recyclingLots: { edges: Array<{ node: { id: string, materialStream: MaterialStream, declaredWeightKg: number, reportedWeightKg: number | null, reviewReasons: Array<string>, reportedAt: string | null, partner: { name: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ConsoleOverdueRefurbishmentQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type ConsoleOverdueRefurbishmentQuery = { refurbishmentJobs: { edges: Array<{ node: { id: string, sku: string, productName: string, status: RefurbishmentJobStatus, slaDueAt: string | null, partner: { name: string } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type PortalStartGuestReturnMutationVariables = Exact<{
  input: StartGuestReturnInput;
}>;


export type PortalStartGuestReturnMutation = { startGuestReturn: { token: string | null, order: { id: string } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type PortalOrderByNumberQueryVariables = Exact<{
  orderNumber: string;
}>;


export type PortalOrderByNumberQuery = { orderByNumber: { id: string } | null };

export type PortalReturnableItemsQueryVariables = Exact<{
  orderId: string | number;
}>;


export type PortalReturnableItemsQuery = { order: { id: string, orderNumber: string, currencyCode: string, placedAt: string } | null, returnableItems: Array<{ returnableQuantity: number, deadline: string, eligible: boolean, ineligibleReason: IneligibleReason | null, orderLine: { id: string, sku: string, name: string, quantity: number, unitPrice: { amount: string, currencyCode: string } } }>, returnReasons: Array<{ code: ReturnReasonCode, label: string, requiresNote: boolean }> };

export type PortalExchangeOptionsQueryVariables = Exact<{
  orderLineId: string | number;
}>;


export type PortalExchangeOptionsQuery = { exchangeOptions: Array<{ sku: string, name: string, availableQuantity: number, attributes: Array<{ name: string, value: string }>, price: { amount: string, currencyCode: string }, priceDifference: { amount: string, currencyCode: string } }> };

export type PortalReturnQuoteQueryVariables = Exact<{
  input: ReturnQuoteInput;
}>;


export type PortalReturnQuoteQuery = { returnQuote: { quote: { freeReturnShipping: boolean, subtotal: { amount: string, currencyCode: string }, restockingFee: { amount: string, currencyCode: string }, refund: { amount: string, currencyCode: string } } | null, userErrors: Array<{ code: UserErrorCode, message: string }> } };

export type PortalReturnFragment = { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, updatedAt: string, refund: { status: RefundStatus, method: RefundMethod, issuedAt: string | null, amount: { amount: string, currencyCode: string }, originalPayment: { amount: string, currencyCode: string } }, storeCredit: { status: RefundStatus, code: string | null, amount: { amount: string, currencyCode: string } } | null, fees: { restockingFee: { amount: string, currencyCode: string }, returnShippingFee: { amount: string, currencyCode: string } }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, qrCode: string | null, reference: string | null, failureReason: string | null, expiresAt: string | null, fee: { amount: string, currencyCode: string }, label: { carrier: string, trackingNumber: string, labelUrl: string | null, qrCode: string | null } | null, location: { name: string, address: string, openingHours: string | null } | null, pickupWindow: { start: string, end: string } | null } | null, items: Array<{ id: string, quantity: number, resolution: ReturnResolution, exchangeSku: string | null, orderLine: { name: string, sku: string } }>, events: Array<{ type: string, at: string }> };

export type PortalRequestReturnMutationVariables = Exact<{
  input: RequestReturnInput;
}>;


export type PortalRequestReturnMutation = { requestReturn: { return: { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, updatedAt: string, refund: { status: RefundStatus, method: RefundMethod, issuedAt: string | null, amount: { amount: string, currencyCode: string }, originalPayment: { amount: string, currencyCode: string } }, storeCredit: { status: RefundStatus, code: string | null, amount: { amount: string, currencyCode: string } } | null, fees: { restockingFee: { amount: string, currencyCode: string }, returnShippingFee: { amount: string, currencyCode: string } }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, qrCode: string | null, reference: string | null, failureReason: string | null, expiresAt: string | null, fee: { amount: string, currencyCode: string }, label: { carrier: string, trackingNumber: string, labelUrl: string | null, qrCode: string | null } | null, location: { name: string, address: string, openingHours: string | null } | null, pickupWindow: { start: string, end: string } | null } | null, items: Array<{ id: string, quantity: number, resolution: ReturnResolution, exchangeSku: string | null, orderLine: { name: string, sku: string } }>, events: Array<{ type: string, at: string }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export type PortalReturnByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type PortalReturnByIdQuery = { node:
    | { __typename: 'AdminOperation' }
    | { __typename: 'BulkImport' }
    | { __typename: 'Customer' }
    | { __typename: 'DisposalRecord' }
    | { __typename: 'DropOffLocation' }
    | { __typename: 'IntegrationJob' }
    | { __typename: 'Order' }
    | { __typename: 'OrderLine' }
    | { __typename: 'Partner' }
    | { __typename: 'PartnerApiKey' }
    | { __typename: 'RecyclingLot' }
    | { __typename: 'RefurbishmentJob' }
    | { __typename: 'ResaleListing' }
    | { __typename: 'Return', id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, updatedAt: string, refund: { status: RefundStatus, method: RefundMethod, issuedAt: string | null, amount: { amount: string, currencyCode: string }, originalPayment: { amount: string, currencyCode: string } }, storeCredit: { status: RefundStatus, code: string | null, amount: { amount: string, currencyCode: string } } | null, fees: { restockingFee: { amount: string, currencyCode: string }, returnShippingFee: { amount: string, currencyCode: string } }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, qrCode: string | null, reference: string | null, failureReason: string | null, expiresAt: string | null, fee: { amount: string, currencyCode: string }, label: { carrier: string, trackingNumber: string, labelUrl: string | null, qrCode: string | null } | null, location: { name: string, address: string, openingHours: string | null } | null, pickupWindow: { start: string, end: string } | null } | null, items: Array<{ id: string, quantity: number, resolution: ReturnResolution, exchangeSku: string | null, orderLine: { name: string, sku: string } }>, events: Array<{ type: string, at: string }> }
    | { __typename: 'ReturnItem' }
    | { __typename: 'VendorReturnAuthorization' }
   | null };

export type PortalReturnMethodOptionsQueryVariables = Exact<{
  returnId: string | number;
}>;


export type PortalReturnMethodOptionsQuery = { returnMethodOptions: Array<{ id: string, type: ReturnMethodType, co2eKg: number, refundTiming: string, carrier: string | null, fee: { amount: string, currencyCode: string }, locations: Array<{ id: string, type: DropOffLocationType, name: string, address: string, distanceKm: number | null, openingHours: string | null }>, pickupWindows: Array<{ start: string, end: string }> }> };

export type PortalSelectReturnMethodMutationVariables = Exact<{
  input: SelectReturnMethodInput;
}>;


export type PortalSelectReturnMethodMutation = { selectReturnMethod: { return: { id: string, rmaNumber: string, status: ReturnStatus, createdAt: string, updatedAt: string, refund: { status: RefundStatus, method: RefundMethod, issuedAt: string | null, amount: { amount: string, currencyCode: string }, originalPayment: { amount: string, currencyCode: string } }, storeCredit: { status: RefundStatus, code: string | null, amount: { amount: string, currencyCode: string } } | null, fees: { restockingFee: { amount: string, currencyCode: string }, returnShippingFee: { amount: string, currencyCode: string } }, method: { type: ReturnMethodType, status: string, dropOffCode: string | null, qrCode: string | null, reference: string | null, failureReason: string | null, expiresAt: string | null, fee: { amount: string, currencyCode: string }, label: { carrier: string, trackingNumber: string, labelUrl: string | null, qrCode: string | null } | null, location: { name: string, address: string, openingHours: string | null } | null, pickupWindow: { start: string, end: string } | null } | null, items: Array<{ id: string, quantity: number, resolution: ReturnResolution, exchangeSku: string | null, orderLine: { name: string, sku: string } }>, events: Array<{ type: string, at: string }> } | null, userErrors: Array<{ code: UserErrorCode, message: string, field: Array<string> | null }> } };

export const ConsoleReturnFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"missingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"cosmeticGrade"}},{"kind":"Field","name":{"kind":"Name","value":"functionalGrade"}},{"kind":"Field","name":{"kind":"Name","value":"inspectionNotes"}},{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"dispositionReason"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendedDisposition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"co2eAvoidedKg"}},{"kind":"Field","name":{"kind":"Name","value":"expectedRecovery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleReturnFragment, unknown>;
export const PortalReturnFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refund"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"originalPayment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"storeCredit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restockingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returnShippingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"fee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}},{"kind":"Field","name":{"kind":"Name","value":"labelUrl"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupWindow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"exchangeSku"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<PortalReturnFragment, unknown>;
export const ConsoleViewerDocument = {"__meta__":{"hash":"f877b7a0e8977e6c897bb28a52b03759bdb03994da03431a6e9bd3bf327bd640"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"subject"}}]}}]}}]} as unknown as DocumentNode<ConsoleViewerQuery, ConsoleViewerQueryVariables>;
export const ConsoleScanDocument = {"__meta__":{"hash":"28edaa0a12b282d8e8c7327ea8308bbbdd03b1eaf91018cc8b3414051ea4ef29"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleScan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"returnByScan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleReturn"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"missingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"cosmeticGrade"}},{"kind":"Field","name":{"kind":"Name","value":"functionalGrade"}},{"kind":"Field","name":{"kind":"Name","value":"inspectionNotes"}},{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"dispositionReason"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendedDisposition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"co2eAvoidedKg"}},{"kind":"Field","name":{"kind":"Name","value":"expectedRecovery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleScanQuery, ConsoleScanQueryVariables>;
export const ConsoleReturnByIdDocument = {"__meta__":{"hash":"da8051ff04dc1384089b3c1b3a24fe244f5c968657a906f38dc75a2aadcfb195"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleReturnById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleReturn"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"missingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"cosmeticGrade"}},{"kind":"Field","name":{"kind":"Name","value":"functionalGrade"}},{"kind":"Field","name":{"kind":"Name","value":"inspectionNotes"}},{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"dispositionReason"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendedDisposition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"co2eAvoidedKg"}},{"kind":"Field","name":{"kind":"Name","value":"expectedRecovery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleReturnByIdQuery, ConsoleReturnByIdQueryVariables>;
export const ConsoleReceiveDocument = {"__meta__":{"hash":"85593247652df6ac52836d06350fadb4f00120ea617f9260c9e5b87116fed0c3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleReceive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReceiveReturnInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"receiveReturn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"return"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleReturn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"missingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"cosmeticGrade"}},{"kind":"Field","name":{"kind":"Name","value":"functionalGrade"}},{"kind":"Field","name":{"kind":"Name","value":"inspectionNotes"}},{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"dispositionReason"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendedDisposition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"co2eAvoidedKg"}},{"kind":"Field","name":{"kind":"Name","value":"expectedRecovery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleReceiveMutation, ConsoleReceiveMutationVariables>;
export const ConsoleCloseMissingDocument = {"__meta__":{"hash":"1e13891678a7d7e9b367e6e3c97ac9f5b3fe178456b9743d9d01feef3dc3f823"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCloseMissing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloseMissingItemsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"closeMissingItems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"return"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConsoleReturn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConsoleReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"customer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"missingQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"grade"}},{"kind":"Field","name":{"kind":"Name","value":"cosmeticGrade"}},{"kind":"Field","name":{"kind":"Name","value":"functionalGrade"}},{"kind":"Field","name":{"kind":"Name","value":"inspectionNotes"}},{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"dispositionReason"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"category"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendedDisposition"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"disposition"}},{"kind":"Field","name":{"kind":"Name","value":"rationale"}},{"kind":"Field","name":{"kind":"Name","value":"co2eAvoidedKg"}},{"kind":"Field","name":{"kind":"Name","value":"expectedRecovery"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCloseMissingMutation, ConsoleCloseMissingMutationVariables>;
export const ConsoleInspectDocument = {"__meta__":{"hash":"ccc7f905e159c44908208b36dc65843984b0d94a811d05b43c5df71dcbf234fa"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleInspect"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"InspectReturnItemInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"inspectReturnItem"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"item"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleInspectMutation, ConsoleInspectMutationVariables>;
export const ConsoleSetDispositionDocument = {"__meta__":{"hash":"16b437877d1489e45668fda8b34669e6513cc563e71f3df2cf714de59f91474f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSetDisposition"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetDispositionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setDisposition"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"item"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"disposition"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleSetDispositionMutation, ConsoleSetDispositionMutationVariables>;
export const ConsoleReturnQueueDocument = {"__meta__":{"hash":"0860857f17ed9d20b9482db1b937ad5e0f0980b2ceb98c3108db53a9735a311b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleReturnQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"status"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReturnStatus"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"returns"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"Variable","name":{"kind":"Name","value":"status"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderNumber"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"receivedQuantity"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleReturnQueueQuery, ConsoleReturnQueueQueryVariables>;
export const ConsoleRecyclingReviewDocument = {"__meta__":{"hash":"90bca743d710e1cd2af931cad6e0bfa7a1da79f6e0616ee14305d470a124ce6a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleRecyclingReview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recyclingLots"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"status"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"NEEDS_REVIEW"}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"materialStream"}},{"kind":"Field","name":{"kind":"Name","value":"declaredWeightKg"}},{"kind":"Field","name":{"kind":"Name","value":"reportedWeightKg"}},{"kind":"Field","name":{"kind":"Name","value":"reviewReasons"}},{"kind":"Field","name":{"kind":"Name","value":"reportedAt"}},{"kind":"Field","name":{"kind":"Name","value":"partner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleRecyclingReviewQuery, ConsoleRecyclingReviewQueryVariables>;
export const ConsoleOverdueRefurbishmentDocument = {"__meta__":{"hash":"cfe1cd284c38dd69478182e9a4c420bdbb31fa149862b133cb1f896a372aeede"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleOverdueRefurbishment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refurbishmentJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"overdue"},"value":{"kind":"BooleanValue","value":true}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"productName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"slaDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"partner"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleOverdueRefurbishmentQuery, ConsoleOverdueRefurbishmentQueryVariables>;
export const PortalStartGuestReturnDocument = {"__meta__":{"hash":"3788e4c33cc60ba20d9858908f867ca6704fe933967a61aa6f9cb2cd5929e908"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalStartGuestReturn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartGuestReturnInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startGuestReturn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"token"}},{"kind":"Field","name":{"kind":"Name","value":"order"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]} as unknown as DocumentNode<PortalStartGuestReturnMutation, PortalStartGuestReturnMutationVariables>;
export const PortalOrderByNumberDocument = {"__meta__":{"hash":"3fd075a0d2fdb5d534c37b452cf51b852d2fbe2bb34bbf92a371173cd873c5b3"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalOrderByNumber"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderByNumber"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderNumber"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<PortalOrderByNumberQuery, PortalOrderByNumberQueryVariables>;
export const PortalReturnableItemsDocument = {"__meta__":{"hash":"75a9aea6e07b04191382ebe3084b34f11082df9b557d2411a42f4f5c5d478f5b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalReturnableItems"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"order"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"orderNumber"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}},{"kind":"Field","name":{"kind":"Name","value":"placedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returnableItems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"unitPrice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"returnableQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"eligible"}},{"kind":"Field","name":{"kind":"Name","value":"ineligibleReason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returnReasons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"requiresNote"}}]}}]}}]} as unknown as DocumentNode<PortalReturnableItemsQuery, PortalReturnableItemsQueryVariables>;
export const PortalExchangeOptionsDocument = {"__meta__":{"hash":"1b8ddba7092bbac323e02f1565f3c7e431b7853a8dd3b7f5dd2e8dee707097e7"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalExchangeOptions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderLineId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"exchangeOptions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orderLineId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderLineId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sku"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"availableQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"price"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"priceDifference"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}}]}}]} as unknown as DocumentNode<PortalExchangeOptionsQuery, PortalExchangeOptionsQueryVariables>;
export const PortalReturnQuoteDocument = {"__meta__":{"hash":"35ec612ab669ac8f99bebed3b8ec5a7fe16b876ce7f826c8456fa6084bae26df"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalReturnQuote"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReturnQuoteInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"returnQuote"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"quote"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subtotal"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"restockingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"refund"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"freeReturnShipping"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<PortalReturnQuoteQuery, PortalReturnQuoteQueryVariables>;
export const PortalRequestReturnDocument = {"__meta__":{"hash":"8e4c4fcaa47a89a959dc91891606c18fc90c11fa83883a18543bc88e79e8c112"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalRequestReturn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestReturnInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestReturn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"return"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalReturn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refund"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"originalPayment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"storeCredit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restockingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returnShippingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"fee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}},{"kind":"Field","name":{"kind":"Name","value":"labelUrl"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupWindow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"exchangeSku"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<PortalRequestReturnMutation, PortalRequestReturnMutationVariables>;
export const PortalReturnByIdDocument = {"__meta__":{"hash":"11ac7a67a995a833f2723fef2ae79b2fda5d63711c14ad853b9e669b0955471a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalReturnById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalReturn"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refund"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"originalPayment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"storeCredit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restockingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returnShippingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"fee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}},{"kind":"Field","name":{"kind":"Name","value":"labelUrl"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupWindow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"exchangeSku"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<PortalReturnByIdQuery, PortalReturnByIdQueryVariables>;
export const PortalReturnMethodOptionsDocument = {"__meta__":{"hash":"098407877cee01c15356e5f22a9219cd1f8652e72ba0eb73f09a1d1eafd825f6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortalReturnMethodOptions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"returnId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"returnMethodOptions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"returnId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"returnId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"co2eKg"}},{"kind":"Field","name":{"kind":"Name","value":"refundTiming"}},{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"fee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"locations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"distanceKm"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupWindows"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}}]}}]} as unknown as DocumentNode<PortalReturnMethodOptionsQuery, PortalReturnMethodOptionsQueryVariables>;
export const PortalSelectReturnMethodDocument = {"__meta__":{"hash":"8a3a256343e4e5450bdbf1fb4227b9811ea6a973af76d92094b41fcd6e51f7a6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PortalSelectReturnMethod"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SelectReturnMethodInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"selectReturnMethod"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"return"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortalReturn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortalReturn"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Return"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"rmaNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refund"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"originalPayment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"issuedAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"storeCredit"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restockingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"returnShippingFee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"method"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dropOffCode"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}},{"kind":"Field","name":{"kind":"Name","value":"reference"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"fee"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"currencyCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"carrier"}},{"kind":"Field","name":{"kind":"Name","value":"trackingNumber"}},{"kind":"Field","name":{"kind":"Name","value":"labelUrl"}},{"kind":"Field","name":{"kind":"Name","value":"qrCode"}}]}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"openingHours"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pickupWindow"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"start"}},{"kind":"Field","name":{"kind":"Name","value":"end"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"quantity"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"exchangeSku"}},{"kind":"Field","name":{"kind":"Name","value":"orderLine"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sku"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<PortalSelectReturnMethodMutation, PortalSelectReturnMethodMutationVariables>;