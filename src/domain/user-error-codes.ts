/**
 * Every code a mutation may answer in `userErrors`, with what it means to a client. This object is the one list: the
 * `UserErrorCode` type (what services may return), the GraphQL enum `UserErrorCode` and docs/error-codes.md are all
 * derived from it. A new code is one line here; which mutations return it is declared in
 * src/graphql/mutation-error-codes.ts.
 */
export const USER_ERROR_CODES = {
  // Generic
  NOT_FOUND: 'The object named by the field does not exist or is not visible to the caller (the two are not told apart).',
  ILLEGAL_TRANSITION: 'The object\'s current status does not allow this action (e.g. approving a return that is already RECEIVED); nothing changed. Refetch the object and offer only the actions its status allows.',
  CONCURRENT_UPDATE: 'Someone else saved a new version at the same moment; nothing was stored. Reload and retry.',
  IDEMPOTENCY_KEY_REUSED: 'This idempotencyKey was already used for a request with different input; use a new key for a new request.',
  CURRENCY_MISMATCH: 'The amount is in another currency than the object it belongs to; send it in the currency the message names.',
  INVALID_AMOUNT: 'The amount is not a valid non-negative decimal in the currency\'s minor-unit precision (e.g. "19.99" for EUR, "1500" for JPY).',

  // Orders
  DUPLICATE_ORDER_NUMBER: 'The same orderNumber appears twice in one importOrders call.',
  ORDER_HAS_RETURNS: 'The order already has returns: its lines, customer and currency can no longer change on re-import.',
  ORDER_NOT_FOUND: 'No order matches this order number and email (startGuestReturn); the two are not told apart.',

  // Requesting a return
  DUPLICATE_LINE: 'The same order line appears twice in one return request; send each line once with its total quantity.',
  EXCHANGE_SKU_REQUIRED: 'An item with resolution EXCHANGE needs exchangeSku, the SKU to send instead.',
  EXCHANGE_SKU_NOT_ALLOWED: 'exchangeSku was given for an item whose resolution is not EXCHANGE.',
  EXCHANGE_UNAVAILABLE: 'Exchanges are not possible for this order: no shop system (merchant partner) is connected. Offer a refund or store credit instead.',
  EXCHANGE_VARIANT_UNAVAILABLE: 'The exchangeSku is not one of the variants offered for this line (see exchangeOptions): unknown, the same SKU, another currency, or not in stock for the units asked. Let the customer pick another variant.',
  EXCHANGE_CHECK_FAILED: 'The shop did not answer the stock check in time; nothing was stored. Try again shortly, or choose another resolution.',
  NOTE_REQUIRED: 'A note is required here: the return reason needs one (see ReturnReasonDefinition.requiresNote), or an operator sends a recycling report back without saying why.',
  NON_RETURNABLE_CATEGORY: 'The order line\'s category is not returnable under the merchant\'s return policy.',
  WINDOW_EXPIRED: 'The return window of this order line has passed (see ReturnableItem.deadline).',
  ALREADY_RETURNED: 'Every unit of this order line is already claimed by another return.',
  NOT_ELIGIBLE: 'The order line cannot be returned for a reason not covered by a more specific code.',
  QUANTITY_EXCEEDS_RETURNABLE: 'More units were asked for than can still be returned on this order line (see ReturnableItem.returnableQuantity).',

  // Return methods and locations
  INVALID_OPTION: 'The optionId is not a return method option id; ask returnMethodOptions for the current options.',
  OPTION_NOT_AVAILABLE: 'The option is no longer offered for this return (policy, fees or partners changed); ask returnMethodOptions again.',
  LOCATION_REQUIRED: 'A LOCKER option needs locationId, the locker chosen from the option\'s locations.',
  LOCATION_NOT_AVAILABLE: 'The chosen location is not one of the option\'s locations, or the locker has no free compartment for the parcel.',
  PICKUP_WINDOW_NOT_AVAILABLE: 'The pickup window is not one of the windows the HOME_PICKUP option offers.',
  BOOKING_IN_PROGRESS: 'A return method is already being booked with the partner for this return; wait for Return.method.status to settle.',
  TYPE_NOT_FOR_PARTNER: 'This kind of partner cannot have locations of that type (e.g. a STORE location for a LOCKER_NETWORK).',
  DUPLICATE_EXTERNAL_ID: 'The same location externalId appears twice in one call.',

  // Warehouse: receiving, inspection, disposition
  QUANTITY_EXCEEDS_OUTSTANDING: 'More units were received than are still expected for this return item.',
  NOTHING_OUTSTANDING: 'Every unit of the return is already received or closed as missing.',
  NOTHING_RECEIVED: 'No unit of this item has been received yet, so it cannot be inspected.',
  ALREADY_DISPOSITIONED: 'The item already has a disposition; it is not graded again.',
  INVALID_UNITS: 'units must be at least 1.',
  QUANTITY_EXCEEDS_RECEIVED: 'units is more than the item\'s received units.',
  UNITS_COMMITTED: 'Fewer units are free than asked for: the rest are already in a recycling lot, vendor return, refurbishment job, sale or disposal.',
  NOT_INSPECTED: 'The item has no grade yet; inspect it before setting its disposition.',
  OVERRIDE_REASON_REQUIRED: 'A disposition other than the recommended one needs a reason.',
  ALREADY_SOLD: 'Units of this item were sold through its resale listing; its disposition can no longer change.',
  ALREADY_DISPATCHED: 'The item\'s units already went to a partner (refurbisher, recycler or vendor); its disposition can no longer change.',
  DISPATCH_PENDING: 'The units (or the lot or authorization) are being handed to a partner right now; retry once the hand-over has succeeded or failed.',
  ALREADY_REFURBISHED: 'The item\'s refurbishment job has ended; an item is not refurbished twice.',

  // Refurbishment
  QUOTE_REQUIRED: 'A refurbishment job moving to DIAGNOSED must carry the repair quote.',
  REPAIR_NOT_APPROVED: 'The repair quote has not been approved yet, so the job cannot move into repair.',
  INCOMPLETE_REPORT: 'A partner report lacks a required part (e.g. the grades of a completed repair, a recycling certificate number or material fractions); the field names it.',
  INVALID_REPORT: 'A partner report has a value that is too long or too many entries; the message gives the limit.',
  DECISION_NOT_PENDING: 'No operator decision is pending on this refurbishment job (not DIAGNOSED above the auto-approve limit, or already decided).',

  // Recycling and vendor returns
  NO_RECYCLER: 'No recycler is assigned to this lot yet, so it cannot be dispatched.',
  NO_VENDOR: 'No vendor takes returns for this authorization\'s supplier yet, so it cannot be dispatched.',
  INVALID_WEIGHT: 'A material weight is not a number of kilograms in the allowed range.',
  INVALID_MATERIAL: 'The material is not one of the Material values.',
  INVALID_ROUTE: 'The treatment route is not one of the TreatmentRoute values.',
  REVIEW_NOT_PENDING: 'The recycling lot is not in NEEDS_REVIEW, so there is no report to accept or send back.',
  REFERENCE_REQUIRED: 'Confirming a vendor credit, or a refund or store credit paid outside Boomerang, needs its reference.',
  INVALID_REFERENCE: 'The credit reference is longer than allowed.',

  // Resale and disposal
  DISPOSITION_MISMATCH: 'The item\'s disposition does not match the disposal recorded (e.g. a DONATE record for a LIQUIDATE item).',
  COUNTERPARTY_REQUIRED: 'A disposal names its counterparty: the recipient of a donation or the buyer of a liquidation.',
  ALREADY_RECORDED: 'A disposal is already recorded for this item.',

  // Partners and integration jobs
  UNKNOWN_ADAPTER: 'No adapter of that id exists for the partner kind; the message lists the available ones.',
  INVALID_ENDPOINT: 'The partner endpoint is not an http(s) URL (https only in production).',
  UNKNOWN_EVENT_TYPE: 'A merchant event type in capabilities.events is not one Boomerang sends; the message lists them.',
  NOT_SYNCABLE: 'Only LOCKER_NETWORK partners publish points that can be synced.',
  NOT_RETRYABLE: 'Nothing to retry: only DEAD integration jobs, and FAILED refunds or store credit (or ones waiting for a merchant), can be retried.',

  // Importing past returns (importReturns; see docs/importing.md)
  RETURN_ALREADY_IMPORTED: 'This merchant\'s externalId was imported before with different content; nothing of this row was written.',
  EXTERNAL_ID_REQUIRED: 'externalId, the merchant\'s own return id, is empty.',
  LINE_REQUIRED: 'An imported return item names its order line by neither lineNumber nor sku.',
  LINE_NOT_FOUND: 'The order has no line with this lineNumber or sku.',
  LINE_AMBIGUOUS: 'The sku is on several lines of the order; give lineNumber instead.',
  INVALID_QUANTITY: 'A quantity is below 1, or a received quantity is outside 0..quantity.',
  INVALID_DATE: 'A date is in the future, before the order was placed, received or refunded before it was requested, or given for a status the return never reached.',
  REFUND_EXCEEDS_VALUE: 'The refund is more than the returned units were paid.',
  REFUND_NOT_ALLOWED: 'A refund was given for a CANCELLED, REJECTED or EXPIRED return.',
  NOT_RECEIVED: 'A grade, disposition or value recovered was given for an item with no received units.',
  NO_ITEMS: 'The return has no items.',
  INVALID_STATUS: 'The status is not one of the ReturnStatus values.',
  INVALID_GRADE: 'The grade is not one of the ConditionGrade values.',
  INVALID_DISPOSITION: 'The disposition is not one of the DispositionType values.',

  // Staged bulk uploads (createStagedImport, PUT /imports/<id>/parts/<n>, startBulkImport; see docs/importing.md)
  IMPORT_ALREADY_STARTED: 'The staged import was started already (startBulkImport): its parts can no longer change and it is not queued twice. Follow it with bulkImport(id).',
  IMPORT_EXPIRED: 'The staged upload expired (no part arrived for BULK_IMPORT_STAGED_TTL_MS) and its parts were deleted; create a new staged import and send the file again.',
  PARTS_INCOMPLETE: 'The parts received are not numbered 1 to N without a gap (or not 1 to the partCount given), or none arrived; the message lists the missing or extra part numbers. Send them (GET /imports/<id>/parts lists what arrived) and start again.',
  PART_TOO_LARGE: 'A part is larger than BULK_IMPORT_PART_MAX_BYTES (HTTP 413); split the file into smaller parts.',
  FILE_TOO_LARGE: 'With this part the staged file would exceed BULK_IMPORT_FILE_MAX_BYTES (HTTP 413); nothing of the part was stored.',
  INVALID_PART_NUMBER: 'A part number is a whole number from 1 to 10,000 (HTTP 400).',
  EMPTY_PART: 'A part has no bytes (HTTP 400); send each part with its bytes.',

  // Refunds and store credit (see docs/refunds.md)
  NO_MERCHANT: 'No active merchant partner takes this kind of payout (refunds or store credit) yet; record it by hand (recordRefund) or configure one.',
  NOT_RECORDABLE: 'No refund or store credit waits to be recorded: it is with a merchant, already issued, or not due.',
  ALREADY_ISSUED: 'The refund or store credit was already confirmed; a later decline changes nothing.',
  TEXT_TOO_LONG: 'A reference, reason or store-credit code is longer than 200 characters.',

  // Admin settings and operations
  INVALID_RULE_SET: 'The disposition rule set is not valid; each error names the rule and the problem (see docs/dispositions.md).',
  INVALID_FACTORS: 'A sustainability factor override is not valid; the field path names the row (see docs/sustainability.md).',
  ALREADY_RUNNING: 'An operation of this kind is already queued or running; the payload carries that operation instead of a new one.',
  NOT_ENOUGH_HISTORY: 'There is not enough mature order history to train the return-risk model; the message gives the counts needed. Seen as AdminOperation.errorCode of a failed TRAIN_RISK_MODEL operation, not in a payload.',
} as const satisfies Record<string, string>;

/** A stable userError code: one of the keys of USER_ERROR_CODES (a code missing there fails typecheck). */
export type UserErrorCode = keyof typeof USER_ERROR_CODES;

/** All codes, in declaration order. */
export const USER_ERROR_CODE_LIST = Object.keys(USER_ERROR_CODES) as UserErrorCode[];
