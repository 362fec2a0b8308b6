import { graphql } from '../gql';

// Every GraphQL operation the warehouse console runs (typed by `npm run codegen`).

export const ViewerQuery = graphql(`
  query ConsoleViewer {
    viewer { role subject }
  }
`);

export const ReturnFieldsFragment = graphql(`
  fragment ConsoleReturn on Return {
    id
    rmaNumber
    status
    createdAt
    order { orderNumber }
    customer { name email }
    method { type status label { carrier trackingNumber } dropOffCode }
    items {
      id
      quantity
      receivedQuantity
      missingQuantity
      reason
      note
      grade
      cosmeticGrade
      functionalGrade
      inspectionNotes
      disposition
      dispositionReason
      orderLine { sku name category unitPrice { amount currencyCode } }
      recommendedDisposition { disposition rationale co2eAvoidedKg expectedRecovery { amount currencyCode } }
    }
  }
`);

export const ScanQuery = graphql(`
  query ConsoleScan($code: String!) {
    returnByScan(code: $code) { ...ConsoleReturn }
  }
`);

export const ReturnQuery = graphql(`
  query ConsoleReturnById($id: ID!) {
    node(id: $id) { ... on Return { ...ConsoleReturn } }
  }
`);

export const ReceiveMutation = graphql(`
  mutation ConsoleReceive($input: ReceiveReturnInput!) {
    receiveReturn(input: $input) {
      return { ...ConsoleReturn }
      userErrors { code message field }
    }
  }
`);

export const CloseMissingMutation = graphql(`
  mutation ConsoleCloseMissing($input: CloseMissingItemsInput!) {
    closeMissingItems(input: $input) {
      return { ...ConsoleReturn }
      userErrors { code message field }
    }
  }
`);

export const InspectMutation = graphql(`
  mutation ConsoleInspect($input: InspectReturnItemInput!) {
    inspectReturnItem(input: $input) {
      item { id }
      userErrors { code message field }
    }
  }
`);

export const DispositionMutation = graphql(`
  mutation ConsoleSetDisposition($input: SetDispositionInput!) {
    setDisposition(input: $input) {
      item { id disposition }
      userErrors { code message field }
    }
  }
`);

export const ReturnQueueQuery = graphql(`
  query ConsoleReturnQueue($first: Int!, $after: String, $status: [ReturnStatus!]!) {
    returns(first: $first, after: $after, filter: { status: $status }) {
      edges { node { id rmaNumber status createdAt updatedAt order { orderNumber } items { quantity receivedQuantity } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const RecyclingReviewQuery = graphql(`
  query ConsoleRecyclingReview($first: Int!, $after: String) {
    recyclingLots(first: $first, after: $after, filter: { status: [NEEDS_REVIEW] }) {
      edges { node { id materialStream declaredWeightKg reportedWeightKg reviewReasons reportedAt partner { name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export const OverdueRefurbishmentQuery = graphql(`
  query ConsoleOverdueRefurbishment($first: Int!, $after: String) {
    refurbishmentJobs(first: $first, after: $after, filter: { overdue: true }) {
      edges { node { id sku productName status slaDueAt partner { name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
