/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleViewer {\n    viewer { role subject }\n  }\n": typeof types.ConsoleViewerDocument,
    "\n  fragment ConsoleReturn on Return {\n    id\n    rmaNumber\n    status\n    createdAt\n    order { orderNumber }\n    customer { name email }\n    method { type status label { carrier trackingNumber } dropOffCode }\n    items {\n      id\n      quantity\n      receivedQuantity\n      missingQuantity\n      reason\n      note\n      grade\n      cosmeticGrade\n      functionalGrade\n      inspectionNotes\n      disposition\n      dispositionReason\n      orderLine { sku name category unitPrice { amount currencyCode } }\n      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }\n    }\n  }\n": typeof types.ConsoleReturnFragmentDoc,
    "\n  query ConsoleScan($code: String!) {\n    returnByScan(code: $code) { ...ConsoleReturn }\n  }\n": typeof types.ConsoleScanDocument,
    "\n  query ConsoleReturnById($id: ID!) {\n    node(id: $id) { ... on Return { ...ConsoleReturn } }\n  }\n": typeof types.ConsoleReturnByIdDocument,
    "\n  mutation ConsoleReceive($input: ReceiveReturnInput!) {\n    receiveReturn(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n": typeof types.ConsoleReceiveDocument,
    "\n  mutation ConsoleCloseMissing($input: CloseMissingItemsInput!) {\n    closeMissingItems(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n": typeof types.ConsoleCloseMissingDocument,
    "\n  mutation ConsoleInspect($input: InspectReturnItemInput!) {\n    inspectReturnItem(input: $input) {\n      item { id }\n      userErrors { code message field }\n    }\n  }\n": typeof types.ConsoleInspectDocument,
    "\n  mutation ConsoleSetDisposition($input: SetDispositionInput!) {\n    setDisposition(input: $input) {\n      item { id disposition }\n      userErrors { code message field }\n    }\n  }\n": typeof types.ConsoleSetDispositionDocument,
    "\n  query ConsoleReturnQueue($first: Int!, $after: String, $status: [ReturnStatus!]!) {\n    returns(first: $first, after: $after, filter: { status: $status }) {\n      edges { node { id rmaNumber status createdAt updatedAt order { orderNumber } items { quantity receivedQuantity } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConsoleReturnQueueDocument,
    "\n  query ConsoleRecyclingReview($first: Int!, $after: String) {\n    recyclingLots(first: $first, after: $after, filter: { status: [NEEDS_REVIEW] }) {\n      edges { node { id materialStream declaredWeightKg reportedWeightKg reviewReasons reportedAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConsoleRecyclingReviewDocument,
    "\n  query ConsoleOverdueRefurbishment($first: Int!, $after: String) {\n    refurbishmentJobs(first: $first, after: $after, filter: { overdue: true }) {\n      edges { node { id sku productName status slaDueAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConsoleOverdueRefurbishmentDocument,
    "\n  mutation PortalStartGuestReturn($input: StartGuestReturnInput!) {\n    startGuestReturn(input: $input) { token order { id } userErrors { code message field } }\n  }\n": typeof types.PortalStartGuestReturnDocument,
    "\n  query PortalOrderByNumber($orderNumber: String!) { orderByNumber(orderNumber: $orderNumber) { id } }\n": typeof types.PortalOrderByNumberDocument,
    "\n  query PortalReturnableItems($orderId: ID!) {\n    order(id: $orderId) { id orderNumber currencyCode placedAt }\n    returnableItems(orderId: $orderId) {\n      orderLine { id sku name quantity unitPrice { amount currencyCode } }\n      returnableQuantity deadline eligible ineligibleReason\n    }\n    returnReasons { code label requiresNote }\n  }\n": typeof types.PortalReturnableItemsDocument,
    "\n  query PortalExchangeOptions($orderLineId: ID!) {\n    exchangeOptions(orderLineId: $orderLineId) {\n      sku name availableQuantity\n      attributes { name value }\n      price { amount currencyCode }\n      priceDifference { amount currencyCode }\n    }\n  }\n": typeof types.PortalExchangeOptionsDocument,
    "\n  query PortalReturnQuote($input: ReturnQuoteInput!) {\n    returnQuote(input: $input) {\n      quote {\n        subtotal { amount currencyCode } restockingFee { amount currencyCode } refund { amount currencyCode }\n        freeReturnShipping\n      }\n      userErrors { code message }\n    }\n  }\n": typeof types.PortalReturnQuoteDocument,
    "\n  fragment PortalReturn on Return {\n    id rmaNumber status createdAt updatedAt\n    refund { amount { amount currencyCode } originalPayment { amount currencyCode } status method issuedAt }\n    storeCredit { amount { amount currencyCode } status code }\n    fees { restockingFee { amount currencyCode } returnShippingFee { amount currencyCode } }\n    method {\n      type status dropOffCode qrCode reference failureReason expiresAt\n      fee { amount currencyCode }\n      label { carrier trackingNumber labelUrl qrCode }\n      location { name address openingHours }\n      pickupWindow { start end }\n    }\n    items { id quantity resolution exchangeSku orderLine { name sku } }\n    events { type at }\n  }\n": typeof types.PortalReturnFragmentDoc,
    "\n  mutation PortalRequestReturn($input: RequestReturnInput!) {\n    requestReturn(input: $input) { return { ...PortalReturn } userErrors { code message field } }\n  }\n": typeof types.PortalRequestReturnDocument,
    "\n  query PortalReturnById($id: ID!) { node(id: $id) { __typename ... on Return { ...PortalReturn } } }\n": typeof types.PortalReturnByIdDocument,
    "\n  query PortalReturnMethodOptions($returnId: ID!) {\n    returnMethodOptions(returnId: $returnId) {\n      id type co2eKg refundTiming carrier\n      fee { amount currencyCode }\n      locations { id type name address distanceKm openingHours }\n      pickupWindows { start end }\n    }\n  }\n": typeof types.PortalReturnMethodOptionsDocument,
    "\n  mutation PortalSelectReturnMethod($input: SelectReturnMethodInput!) {\n    selectReturnMethod(input: $input) { return { ...PortalReturn } userErrors { code message field } }\n  }\n": typeof types.PortalSelectReturnMethodDocument,
};
const documents: Documents = {
    "\n  query ConsoleViewer {\n    viewer { role subject }\n  }\n": types.ConsoleViewerDocument,
    "\n  fragment ConsoleReturn on Return {\n    id\n    rmaNumber\n    status\n    createdAt\n    order { orderNumber }\n    customer { name email }\n    method { type status label { carrier trackingNumber } dropOffCode }\n    items {\n      id\n      quantity\n      receivedQuantity\n      missingQuantity\n      reason\n      note\n      grade\n      cosmeticGrade\n      functionalGrade\n      inspectionNotes\n      disposition\n      dispositionReason\n      orderLine { sku name category unitPrice { amount currencyCode } }\n      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }\n    }\n  }\n": types.ConsoleReturnFragmentDoc,
    "\n  query ConsoleScan($code: String!) {\n    returnByScan(code: $code) { ...ConsoleReturn }\n  }\n": types.ConsoleScanDocument,
    "\n  query ConsoleReturnById($id: ID!) {\n    node(id: $id) { ... on Return { ...ConsoleReturn } }\n  }\n": types.ConsoleReturnByIdDocument,
    "\n  mutation ConsoleReceive($input: ReceiveReturnInput!) {\n    receiveReturn(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n": types.ConsoleReceiveDocument,
    "\n  mutation ConsoleCloseMissing($input: CloseMissingItemsInput!) {\n    closeMissingItems(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n": types.ConsoleCloseMissingDocument,
    "\n  mutation ConsoleInspect($input: InspectReturnItemInput!) {\n    inspectReturnItem(input: $input) {\n      item { id }\n      userErrors { code message field }\n    }\n  }\n": types.ConsoleInspectDocument,
    "\n  mutation ConsoleSetDisposition($input: SetDispositionInput!) {\n    setDisposition(input: $input) {\n      item { id disposition }\n      userErrors { code message field }\n    }\n  }\n": types.ConsoleSetDispositionDocument,
    "\n  query ConsoleReturnQueue($first: Int!, $after: String, $status: [ReturnStatus!]!) {\n    returns(first: $first, after: $after, filter: { status: $status }) {\n      edges { node { id rmaNumber status createdAt updatedAt order { orderNumber } items { quantity receivedQuantity } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConsoleReturnQueueDocument,
    "\n  query ConsoleRecyclingReview($first: Int!, $after: String) {\n    recyclingLots(first: $first, after: $after, filter: { status: [NEEDS_REVIEW] }) {\n      edges { node { id materialStream declaredWeightKg reportedWeightKg reviewReasons reportedAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConsoleRecyclingReviewDocument,
    "\n  query ConsoleOverdueRefurbishment($first: Int!, $after: String) {\n    refurbishmentJobs(first: $first, after: $after, filter: { overdue: true }) {\n      edges { node { id sku productName status slaDueAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConsoleOverdueRefurbishmentDocument,
    "\n  mutation PortalStartGuestReturn($input: StartGuestReturnInput!) {\n    startGuestReturn(input: $input) { token order { id } userErrors { code message field } }\n  }\n": types.PortalStartGuestReturnDocument,
    "\n  query PortalOrderByNumber($orderNumber: String!) { orderByNumber(orderNumber: $orderNumber) { id } }\n": types.PortalOrderByNumberDocument,
    "\n  query PortalReturnableItems($orderId: ID!) {\n    order(id: $orderId) { id orderNumber currencyCode placedAt }\n    returnableItems(orderId: $orderId) {\n      orderLine { id sku name quantity unitPrice { amount currencyCode } }\n      returnableQuantity deadline eligible ineligibleReason\n    }\n    returnReasons { code label requiresNote }\n  }\n": types.PortalReturnableItemsDocument,
    "\n  query PortalExchangeOptions($orderLineId: ID!) {\n    exchangeOptions(orderLineId: $orderLineId) {\n      sku name availableQuantity\n      attributes { name value }\n      price { amount currencyCode }\n      priceDifference { amount currencyCode }\n    }\n  }\n": types.PortalExchangeOptionsDocument,
    "\n  query PortalReturnQuote($input: ReturnQuoteInput!) {\n    returnQuote(input: $input) {\n      quote {\n        subtotal { amount currencyCode } restockingFee { amount currencyCode } refund { amount currencyCode }\n        freeReturnShipping\n      }\n      userErrors { code message }\n    }\n  }\n": types.PortalReturnQuoteDocument,
    "\n  fragment PortalReturn on Return {\n    id rmaNumber status createdAt updatedAt\n    refund { amount { amount currencyCode } originalPayment { amount currencyCode } status method issuedAt }\n    storeCredit { amount { amount currencyCode } status code }\n    fees { restockingFee { amount currencyCode } returnShippingFee { amount currencyCode } }\n    method {\n      type status dropOffCode qrCode reference failureReason expiresAt\n      fee { amount currencyCode }\n      label { carrier trackingNumber labelUrl qrCode }\n      location { name address openingHours }\n      pickupWindow { start end }\n    }\n    items { id quantity resolution exchangeSku orderLine { name sku } }\n    events { type at }\n  }\n": types.PortalReturnFragmentDoc,
    "\n  mutation PortalRequestReturn($input: RequestReturnInput!) {\n    requestReturn(input: $input) { return { ...PortalReturn } userErrors { code message field } }\n  }\n": types.PortalRequestReturnDocument,
    "\n  query PortalReturnById($id: ID!) { node(id: $id) { __typename ... on Return { ...PortalReturn } } }\n": types.PortalReturnByIdDocument,
    "\n  query PortalReturnMethodOptions($returnId: ID!) {\n    returnMethodOptions(returnId: $returnId) {\n      id type co2eKg refundTiming carrier\n      fee { amount currencyCode }\n      locations { id type name address distanceKm openingHours }\n      pickupWindows { start end }\n    }\n  }\n": types.PortalReturnMethodOptionsDocument,
    "\n  mutation PortalSelectReturnMethod($input: SelectReturnMethodInput!) {\n    selectReturnMethod(input: $input) { return { ...PortalReturn } userErrors { code message field } }\n  }\n": types.PortalSelectReturnMethodDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleViewer {\n    viewer { role subject }\n  }\n"): (typeof documents)["\n  query ConsoleViewer {\n    viewer { role subject }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleReturn on Return {\n    id\n    rmaNumber\n    status\n    createdAt\n    order { orderNumber }\n    customer { name email }\n    method { type status label { carrier trackingNumber } dropOffCode }\n    items {\n      id\n      quantity\n      receivedQuantity\n      missingQuantity\n      reason\n      note\n      grade\n      cosmeticGrade\n      functionalGrade\n      inspectionNotes\n      disposition\n      dispositionReason\n      orderLine { sku name category unitPrice { amount currencyCode } }\n      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleReturn on Return {\n    id\n    rmaNumber\n    status\n    createdAt\n    order { orderNumber }\n    customer { name email }\n    method { type status label { carrier trackingNumber } dropOffCode }\n    items {\n      id\n      quantity\n      receivedQuantity\n      missingQuantity\n      reason\n      note\n      grade\n      cosmeticGrade\n      functionalGrade\n      inspectionNotes\n      disposition\n      dispositionReason\n      orderLine { sku name category unitPrice { amount currencyCode } }\n      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleScan($code: String!) {\n    returnByScan(code: $code) { ...ConsoleReturn }\n  }\n"): (typeof documents)["\n  query ConsoleScan($code: String!) {\n    returnByScan(code: $code) { ...ConsoleReturn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleReturnById($id: ID!) {\n    node(id: $id) { ... on Return { ...ConsoleReturn } }\n  }\n"): (typeof documents)["\n  query ConsoleReturnById($id: ID!) {\n    node(id: $id) { ... on Return { ...ConsoleReturn } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReceive($input: ReceiveReturnInput!) {\n    receiveReturn(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleReceive($input: ReceiveReturnInput!) {\n    receiveReturn(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCloseMissing($input: CloseMissingItemsInput!) {\n    closeMissingItems(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleCloseMissing($input: CloseMissingItemsInput!) {\n    closeMissingItems(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleInspect($input: InspectReturnItemInput!) {\n    inspectReturnItem(input: $input) {\n      item { id }\n      userErrors { code message field }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleInspect($input: InspectReturnItemInput!) {\n    inspectReturnItem(input: $input) {\n      item { id }\n      userErrors { code message field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSetDisposition($input: SetDispositionInput!) {\n    setDisposition(input: $input) {\n      item { id disposition }\n      userErrors { code message field }\n    }\n  }\n"): (typeof documents)["\n  mutation ConsoleSetDisposition($input: SetDispositionInput!) {\n    setDisposition(input: $input) {\n      item { id disposition }\n      userErrors { code message field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleReturnQueue($first: Int!, $after: String, $status: [ReturnStatus!]!) {\n    returns(first: $first, after: $after, filter: { status: $status }) {\n      edges { node { id rmaNumber status createdAt updatedAt order { orderNumber } items { quantity receivedQuantity } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleReturnQueue($first: Int!, $after: String, $status: [ReturnStatus!]!) {\n    returns(first: $first, after: $after, filter: { status: $status }) {\n      edges { node { id rmaNumber status createdAt updatedAt order { orderNumber } items { quantity receivedQuantity } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleRecyclingReview($first: Int!, $after: String) {\n    recyclingLots(first: $first, after: $after, filter: { status: [NEEDS_REVIEW] }) {\n      edges { node { id materialStream declaredWeightKg reportedWeightKg reviewReasons reportedAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleRecyclingReview($first: Int!, $after: String) {\n    recyclingLots(first: $first, after: $after, filter: { status: [NEEDS_REVIEW] }) {\n      edges { node { id materialStream declaredWeightKg reportedWeightKg reviewReasons reportedAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOverdueRefurbishment($first: Int!, $after: String) {\n    refurbishmentJobs(first: $first, after: $after, filter: { overdue: true }) {\n      edges { node { id sku productName status slaDueAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleOverdueRefurbishment($first: Int!, $after: String) {\n    refurbishmentJobs(first: $first, after: $after, filter: { overdue: true }) {\n      edges { node { id sku productName status slaDueAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalStartGuestReturn($input: StartGuestReturnInput!) {\n    startGuestReturn(input: $input) { token order { id } userErrors { code message field } }\n  }\n"): (typeof documents)["\n  mutation PortalStartGuestReturn($input: StartGuestReturnInput!) {\n    startGuestReturn(input: $input) { token order { id } userErrors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalOrderByNumber($orderNumber: String!) { orderByNumber(orderNumber: $orderNumber) { id } }\n"): (typeof documents)["\n  query PortalOrderByNumber($orderNumber: String!) { orderByNumber(orderNumber: $orderNumber) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalReturnableItems($orderId: ID!) {\n    order(id: $orderId) { id orderNumber currencyCode placedAt }\n    returnableItems(orderId: $orderId) {\n      orderLine { id sku name quantity unitPrice { amount currencyCode } }\n      returnableQuantity deadline eligible ineligibleReason\n    }\n    returnReasons { code label requiresNote }\n  }\n"): (typeof documents)["\n  query PortalReturnableItems($orderId: ID!) {\n    order(id: $orderId) { id orderNumber currencyCode placedAt }\n    returnableItems(orderId: $orderId) {\n      orderLine { id sku name quantity unitPrice { amount currencyCode } }\n      returnableQuantity deadline eligible ineligibleReason\n    }\n    returnReasons { code label requiresNote }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalExchangeOptions($orderLineId: ID!) {\n    exchangeOptions(orderLineId: $orderLineId) {\n      sku name availableQuantity\n      attributes { name value }\n      price { amount currencyCode }\n      priceDifference { amount currencyCode }\n    }\n  }\n"): (typeof documents)["\n  query PortalExchangeOptions($orderLineId: ID!) {\n    exchangeOptions(orderLineId: $orderLineId) {\n      sku name availableQuantity\n      attributes { name value }\n      price { amount currencyCode }\n      priceDifference { amount currencyCode }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalReturnQuote($input: ReturnQuoteInput!) {\n    returnQuote(input: $input) {\n      quote {\n        subtotal { amount currencyCode } restockingFee { amount currencyCode } refund { amount currencyCode }\n        freeReturnShipping\n      }\n      userErrors { code message }\n    }\n  }\n"): (typeof documents)["\n  query PortalReturnQuote($input: ReturnQuoteInput!) {\n    returnQuote(input: $input) {\n      quote {\n        subtotal { amount currencyCode } restockingFee { amount currencyCode } refund { amount currencyCode }\n        freeReturnShipping\n      }\n      userErrors { code message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PortalReturn on Return {\n    id rmaNumber status createdAt updatedAt\n    refund { amount { amount currencyCode } originalPayment { amount currencyCode } status method issuedAt }\n    storeCredit { amount { amount currencyCode } status code }\n    fees { restockingFee { amount currencyCode } returnShippingFee { amount currencyCode } }\n    method {\n      type status dropOffCode qrCode reference failureReason expiresAt\n      fee { amount currencyCode }\n      label { carrier trackingNumber labelUrl qrCode }\n      location { name address openingHours }\n      pickupWindow { start end }\n    }\n    items { id quantity resolution exchangeSku orderLine { name sku } }\n    events { type at }\n  }\n"): (typeof documents)["\n  fragment PortalReturn on Return {\n    id rmaNumber status createdAt updatedAt\n    refund { amount { amount currencyCode } originalPayment { amount currencyCode } status method issuedAt }\n    storeCredit { amount { amount currencyCode } status code }\n    fees { restockingFee { amount currencyCode } returnShippingFee { amount currencyCode } }\n    method {\n      type status dropOffCode qrCode reference failureReason expiresAt\n      fee { amount currencyCode }\n      label { carrier trackingNumber labelUrl qrCode }\n      location { name address openingHours }\n      pickupWindow { start end }\n    }\n    items { id quantity resolution exchangeSku orderLine { name sku } }\n    events { type at }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalRequestReturn($input: RequestReturnInput!) {\n    requestReturn(input: $input) { return { ...PortalReturn } userErrors { code message field } }\n  }\n"): (typeof documents)["\n  mutation PortalRequestReturn($input: RequestReturnInput!) {\n    requestReturn(input: $input) { return { ...PortalReturn } userErrors { code message field } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalReturnById($id: ID!) { node(id: $id) { __typename ... on Return { ...PortalReturn } } }\n"): (typeof documents)["\n  query PortalReturnById($id: ID!) { node(id: $id) { __typename ... on Return { ...PortalReturn } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PortalReturnMethodOptions($returnId: ID!) {\n    returnMethodOptions(returnId: $returnId) {\n      id type co2eKg refundTiming carrier\n      fee { amount currencyCode }\n      locations { id type name address distanceKm openingHours }\n      pickupWindows { start end }\n    }\n  }\n"): (typeof documents)["\n  query PortalReturnMethodOptions($returnId: ID!) {\n    returnMethodOptions(returnId: $returnId) {\n      id type co2eKg refundTiming carrier\n      fee { amount currencyCode }\n      locations { id type name address distanceKm openingHours }\n      pickupWindows { start end }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PortalSelectReturnMethod($input: SelectReturnMethodInput!) {\n    selectReturnMethod(input: $input) { return { ...PortalReturn } userErrors { code message field } }\n  }\n"): (typeof documents)["\n  mutation PortalSelectReturnMethod($input: SelectReturnMethodInput!) {\n    selectReturnMethod(input: $input) { return { ...PortalReturn } userErrors { code message field } }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;