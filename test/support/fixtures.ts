import type { TestApi } from './harness';

/** An order as importOrders takes it; override what a test cares about. */
export function orderInput(overrides: Record<string, unknown> = {}) {
  const placedAt = new Date(Date.now() - 5 * 86400_000).toISOString();
  return {
    orderNumber: `ORD-${Math.random().toString(36).slice(2, 10)}`,
    customer: { externalId: 'cust-a', email: 'a@example.com', name: 'Alice' },
    currencyCode: 'EUR',
    placedAt,
    deliveredAt: new Date(Date.now() - 3 * 86400_000).toISOString(),
    lines: [
      { sku: 'SHOE-42', name: 'Running shoe', category: 'footwear', quantity: 2, unitPrice: '89.90', discount: '10.00', weightGrams: 900 },
      { sku: 'PHONE-X', name: 'Phone X', category: 'electronics', quantity: 1, unitPrice: '499.00', weightGrams: 200, refurbishable: true, vendorReturnable: true },
    ],
    ...overrides,
  };
}

export const IMPORT = `mutation($input: ImportOrdersInput!) { importOrders(input: $input) {
  orders { id orderNumber lines { id sku quantity unitPrice { amount currencyCode } } customer { id externalId } }
  userErrors { code message field } } }`;

export const REQUEST = `mutation($input: RequestReturnInput!) { requestReturn(input: $input) {
  return { id rmaNumber status items { id quantity receivedQuantity reason refund { amount } } refund { amount { amount currencyCode } status method } }
  userErrors { code message field } } }`;

/** Imports orders as admin and returns the created orders. */
export async function importOrders(api: TestApi, orders: unknown[]) {
  const admin = await api.token('ADMIN', 'admin-1');
  const res = await api.gql(IMPORT, { input: { orders } }, admin);
  if (res.errors || res.data.importOrders.userErrors.length) throw new Error(JSON.stringify(res.errors ?? res.data.importOrders.userErrors));
  return res.data.importOrders.orders as Array<{ id: string; orderNumber: string; lines: Array<{ id: string; sku: string; quantity: number }> }>;
}
