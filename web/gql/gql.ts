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
    "\n  fragment ConsoleReturn on Return {\n    id\n    rmaNumber\n    status\n    createdAt\n    order { orderNumber }\n    customer { name email }\n    method { type status label { carrier trackingNumber } dropOffCode }\n    items {\n      id\n      quantity\n      receivedQuantity\n      missingQuantity\n      reason\n      note\n      grade\n      inspectionNotes\n      disposition\n      dispositionReason\n      orderLine { sku name category unitPrice { amount currencyCode } }\n      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }\n    }\n  }\n": typeof types.ConsoleReturnFragmentDoc,
    "\n  query ConsoleScan($code: String!) {\n    returnByScan(code: $code) { ...ConsoleReturn }\n  }\n": typeof types.ConsoleScanDocument,
    "\n  query ConsoleReturnById($id: ID!) {\n    node(id: $id) { ... on Return { ...ConsoleReturn } }\n  }\n": typeof types.ConsoleReturnByIdDocument,
    "\n  mutation ConsoleReceive($input: ReceiveReturnInput!) {\n    receiveReturn(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n": typeof types.ConsoleReceiveDocument,
    "\n  mutation ConsoleCloseMissing($input: CloseMissingItemsInput!) {\n    closeMissingItems(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n": typeof types.ConsoleCloseMissingDocument,
    "\n  mutation ConsoleInspect($input: InspectReturnItemInput!) {\n    inspectReturnItem(input: $input) {\n      item { id }\n      userErrors { code message field }\n    }\n  }\n": typeof types.ConsoleInspectDocument,
    "\n  mutation ConsoleSetDisposition($input: SetDispositionInput!) {\n    setDisposition(input: $input) {\n      item { id disposition }\n      userErrors { code message field }\n    }\n  }\n": typeof types.ConsoleSetDispositionDocument,
    "\n  query ConsoleReturnQueue($first: Int!, $after: String, $status: [ReturnStatus!]!) {\n    returns(first: $first, after: $after, filter: { status: $status }) {\n      edges { node { id rmaNumber status createdAt updatedAt order { orderNumber } items { quantity receivedQuantity } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConsoleReturnQueueDocument,
    "\n  query ConsoleRecyclingReview($first: Int!, $after: String) {\n    recyclingLots(first: $first, after: $after, filter: { status: [NEEDS_REVIEW] }) {\n      edges { node { id materialStream declaredWeightKg reportedWeightKg reviewReasons reportedAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConsoleRecyclingReviewDocument,
    "\n  query ConsoleOverdueRefurbishment($first: Int!, $after: String) {\n    refurbishmentJobs(first: $first, after: $after, filter: { overdue: true }) {\n      edges { node { id sku productName status slaDueAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": typeof types.ConsoleOverdueRefurbishmentDocument,
};
const documents: Documents = {
    "\n  query ConsoleViewer {\n    viewer { role subject }\n  }\n": types.ConsoleViewerDocument,
    "\n  fragment ConsoleReturn on Return {\n    id\n    rmaNumber\n    status\n    createdAt\n    order { orderNumber }\n    customer { name email }\n    method { type status label { carrier trackingNumber } dropOffCode }\n    items {\n      id\n      quantity\n      receivedQuantity\n      missingQuantity\n      reason\n      note\n      grade\n      inspectionNotes\n      disposition\n      dispositionReason\n      orderLine { sku name category unitPrice { amount currencyCode } }\n      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }\n    }\n  }\n": types.ConsoleReturnFragmentDoc,
    "\n  query ConsoleScan($code: String!) {\n    returnByScan(code: $code) { ...ConsoleReturn }\n  }\n": types.ConsoleScanDocument,
    "\n  query ConsoleReturnById($id: ID!) {\n    node(id: $id) { ... on Return { ...ConsoleReturn } }\n  }\n": types.ConsoleReturnByIdDocument,
    "\n  mutation ConsoleReceive($input: ReceiveReturnInput!) {\n    receiveReturn(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n": types.ConsoleReceiveDocument,
    "\n  mutation ConsoleCloseMissing($input: CloseMissingItemsInput!) {\n    closeMissingItems(input: $input) {\n      return { ...ConsoleReturn }\n      userErrors { code message field }\n    }\n  }\n": types.ConsoleCloseMissingDocument,
    "\n  mutation ConsoleInspect($input: InspectReturnItemInput!) {\n    inspectReturnItem(input: $input) {\n      item { id }\n      userErrors { code message field }\n    }\n  }\n": types.ConsoleInspectDocument,
    "\n  mutation ConsoleSetDisposition($input: SetDispositionInput!) {\n    setDisposition(input: $input) {\n      item { id disposition }\n      userErrors { code message field }\n    }\n  }\n": types.ConsoleSetDispositionDocument,
    "\n  query ConsoleReturnQueue($first: Int!, $after: String, $status: [ReturnStatus!]!) {\n    returns(first: $first, after: $after, filter: { status: $status }) {\n      edges { node { id rmaNumber status createdAt updatedAt order { orderNumber } items { quantity receivedQuantity } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConsoleReturnQueueDocument,
    "\n  query ConsoleRecyclingReview($first: Int!, $after: String) {\n    recyclingLots(first: $first, after: $after, filter: { status: [NEEDS_REVIEW] }) {\n      edges { node { id materialStream declaredWeightKg reportedWeightKg reviewReasons reportedAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConsoleRecyclingReviewDocument,
    "\n  query ConsoleOverdueRefurbishment($first: Int!, $after: String) {\n    refurbishmentJobs(first: $first, after: $after, filter: { overdue: true }) {\n      edges { node { id sku productName status slaDueAt partner { name } } }\n      pageInfo { hasNextPage endCursor }\n    }\n  }\n": types.ConsoleOverdueRefurbishmentDocument,
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
export function graphql(source: "\n  fragment ConsoleReturn on Return {\n    id\n    rmaNumber\n    status\n    createdAt\n    order { orderNumber }\n    customer { name email }\n    method { type status label { carrier trackingNumber } dropOffCode }\n    items {\n      id\n      quantity\n      receivedQuantity\n      missingQuantity\n      reason\n      note\n      grade\n      inspectionNotes\n      disposition\n      dispositionReason\n      orderLine { sku name category unitPrice { amount currencyCode } }\n      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }\n    }\n  }\n"): (typeof documents)["\n  fragment ConsoleReturn on Return {\n    id\n    rmaNumber\n    status\n    createdAt\n    order { orderNumber }\n    customer { name email }\n    method { type status label { carrier trackingNumber } dropOffCode }\n    items {\n      id\n      quantity\n      receivedQuantity\n      missingQuantity\n      reason\n      note\n      grade\n      inspectionNotes\n      disposition\n      dispositionReason\n      orderLine { sku name category unitPrice { amount currencyCode } }\n      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }\n    }\n  }\n"];
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

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;