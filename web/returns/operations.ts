import { graphql } from '../gql';

// Every operation the returns portal sends, typed by `npm run codegen` against schema/schema.graphql.

export const StartGuestReturn = graphql(`
  mutation PortalStartGuestReturn($input: StartGuestReturnInput!) {
    startGuestReturn(input: $input) { token order { id } userErrors { code message field } }
  }
`);

export const OrderByNumber = graphql(`
  query PortalOrderByNumber($orderNumber: String!) { orderByNumber(orderNumber: $orderNumber) { id } }
`);

export const ReturnableItems = graphql(`
  query PortalReturnableItems($orderId: ID!) {
    order(id: $orderId) { id orderNumber currencyCode placedAt }
    returnableItems(orderId: $orderId) {
      orderLine { id sku name quantity unitPrice { amount currencyCode } }
      returnableQuantity deadline eligible ineligibleReason
    }
    returnReasons { code label requiresNote }
  }
`);

export const ExchangeOptions = graphql(`
  query PortalExchangeOptions($orderLineId: ID!) {
    exchangeOptions(orderLineId: $orderLineId) {
      sku name availableQuantity
      attributes { name value }
      price { amount currencyCode }
      priceDifference { amount currencyCode }
    }
  }
`);

export const ReturnQuote = graphql(`
  query PortalReturnQuote($input: ReturnQuoteInput!) {
    returnQuote(input: $input) {
      quote {
        subtotal { amount currencyCode } restockingFee { amount currencyCode } refund { amount currencyCode }
        freeReturnShipping
      }
      userErrors { code message }
    }
  }
`);

export const PortalReturnFields = graphql(`
  fragment PortalReturn on Return {
    id rmaNumber status createdAt updatedAt
    refund { amount { amount currencyCode } originalPayment { amount currencyCode } status method issuedAt }
    storeCredit { amount { amount currencyCode } status code }
    fees { restockingFee { amount currencyCode } returnShippingFee { amount currencyCode } }
    method {
      type status dropOffCode qrCode reference failureReason expiresAt
      fee { amount currencyCode }
      label { carrier trackingNumber labelUrl qrCode }
      location { name address openingHours }
      pickupWindow { start end }
    }
    items { id quantity resolution exchangeSku orderLine { name sku } }
    events { type at }
  }
`);

export const RequestReturn = graphql(`
  mutation PortalRequestReturn($input: RequestReturnInput!) {
    requestReturn(input: $input) { return { ...PortalReturn } userErrors { code message field } }
  }
`);

export const ReturnById = graphql(`
  query PortalReturnById($id: ID!) { node(id: $id) { __typename ... on Return { ...PortalReturn } } }
`);

export const ReturnMethodOptions = graphql(`
  query PortalReturnMethodOptions($returnId: ID!) {
    returnMethodOptions(returnId: $returnId) {
      id type co2eKg refundTiming carrier
      fee { amount currencyCode }
      locations { id type name address distanceKm openingHours }
      pickupWindows { start end }
    }
  }
`);

export const SelectReturnMethod = graphql(`
  mutation PortalSelectReturnMethod($input: SelectReturnMethodInput!) {
    selectReturnMethod(input: $input) { return { ...PortalReturn } userErrors { code message field } }
  }
`);
