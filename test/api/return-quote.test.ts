import { startTestApi, type TestApi } from '../support/harness';
import { START_GUEST, cast, importOrders, mutate, orderInput, requestReturn, upsertPolicy, uniq } from '../support/fixtures';

// returnQuote: the refund a portal shows while the customer picks lines, quantities and reasons; priced exactly as
// requestReturn prices the same selection, and nothing stored. orderByNumber: the order a customer token returns from.
let api: TestApi;
let tokens: Awaited<ReturnType<typeof cast>>;
const category = uniq('quoted-');

const QUOTE = `query($input: ReturnQuoteInput!) { returnQuote(input: $input) {
  quote { subtotal { amount currencyCode } restockingFee { amount } refund { amount } freeReturnShipping
    items { orderLine { id sku } quantity subtotal { amount } restockingFeePercent restockingFee { amount } refund { amount } } }
  userErrors { code field } } }`;

beforeAll(async () => {
  api = await startTestApi();
  tokens = await cast(api);
  await upsertPolicy(api, { windowDays: 30, restockingFeePercent: 0, freeShippingReasons: ['DEFECTIVE'] });
  await upsertPolicy(api, { category, windowDays: 30, restockingFeePercent: 10, freeShippingReasons: ['DEFECTIVE'] });
});

afterAll(() => api?.stop());

async function order() {
  const [o] = await importOrders(api, [orderInput({
    lines: [
      { sku: 'SHOE-42', name: 'Running shoe', category: 'footwear', quantity: 2, unitPrice: '89.90', discount: '10.00' },
      { sku: uniq('LAMP-'), name: 'Lamp', category, quantity: 1, unitPrice: '40.00' },
    ],
  })]);
  return o;
}

test('prices the selection with unit shares, restocking fees and free shipping, as requestReturn then does', async () => {
  const o = await order();
  const items = [
    { orderLineId: o.lines[0].id, quantity: 1, reason: 'CHANGED_MIND' },
    { orderLineId: o.lines[1].id, quantity: 1, reason: 'CHANGED_MIND' },
  ];
  const res = await api.gql(QUOTE, { input: { orderId: o.id, items } }, tokens.customerA);
  expect(res.errors).toBeUndefined();
  const { quote, userErrors } = res.data.returnQuote;
  expect(userErrors).toEqual([]);
  expect(quote.items.map((i: any) => [i.subtotal.amount, i.restockingFeePercent, i.restockingFee.amount, i.refund.amount]))
    .toEqual([['84.90', 0, '0.00', '84.90'], ['40.00', 10, '4.00', '36.00']]);
  expect(quote).toMatchObject({ subtotal: { amount: '124.90', currencyCode: 'EUR' }, restockingFee: { amount: '4.00' }, refund: { amount: '120.90' }, freeReturnShipping: false });

  // A merchant-fault reason waives the restocking fee and, under this policy, the return shipping.
  const defective = await api.gql(QUOTE, { input: { orderId: o.id, items: items.map((i) => ({ ...i, reason: 'DEFECTIVE' })) } }, tokens.customerA);
  expect(defective.data.returnQuote.quote).toMatchObject({ restockingFee: { amount: '0.00' }, refund: { amount: '124.90' }, freeReturnShipping: true });

  // Nothing was stored: the whole order is still returnable, and the request gets the same amounts.
  const ret = await requestReturn(api, tokens.customerA, o.id, items);
  expect(ret.refund.amount.amount).toBe('120.90');
  expect(ret.fees.restockingFee.amount).toBe('4.00');
  // The second unit of the shoe line is what is left now.
  const after = await api.gql(QUOTE, { input: { orderId: o.id, items: [{ orderLineId: o.lines[0].id, quantity: 1, reason: 'STYLE' }] } }, tokens.customerA);
  expect(after.data.returnQuote.quote.refund.amount).toBe('84.90');
});

test('too many units, a line twice, a foreign order, and anonymous callers are refused and nothing changes', async () => {
  const o = await order();
  const line = o.lines[0].id;
  const tooMany = await api.gql(QUOTE, { input: { orderId: o.id, items: [{ orderLineId: line, quantity: 3, reason: 'STYLE' }] } }, tokens.customerA);
  expect(tooMany.data.returnQuote).toEqual({ quote: null, userErrors: [{ code: 'QUANTITY_EXCEEDS_RETURNABLE', field: ['items', '0', 'quantity'] }] });
  const twice = await api.gql(QUOTE, { input: { orderId: o.id, items: [{ orderLineId: line, quantity: 1, reason: 'STYLE' }, { orderLineId: line, quantity: 1, reason: 'STYLE' }] } }, tokens.customerA);
  expect(twice.data.returnQuote.userErrors).toEqual([{ code: 'DUPLICATE_LINE', field: ['items', '1', 'orderLineId'] }]);
  const foreign = await api.gql(QUOTE, { input: { orderId: o.id, items: [{ orderLineId: line, quantity: 1, reason: 'STYLE' }] } }, tokens.customerB);
  expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  const anonymous = await api.gql(QUOTE, { input: { orderId: o.id, items: [{ orderLineId: line, quantity: 1, reason: 'STYLE' }] } });
  expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const badId = await api.gql(QUOTE, { input: { orderId: 'nope', items: [{ orderLineId: line, quantity: 1, reason: 'STYLE' }] } }, tokens.customerA);
  expect(badId.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});

test('a guest token quotes its own order only', async () => {
  const o = await order();
  const other = await order();
  const guest = await mutate(api, START_GUEST, { orderNumber: o.orderNumber, email: 'a@example.com' }, null);
  const item = (lineId: string) => [{ orderLineId: lineId, quantity: 2, reason: 'SIZE_TOO_SMALL' }];
  const own = await api.gql(QUOTE, { input: { orderId: o.id, items: item(o.lines[0].id) } }, guest.token);
  expect(own.data.returnQuote.quote.refund.amount).toBe('169.80');
  const foreign = await api.gql(QUOTE, { input: { orderId: other.id, items: item(other.lines[0].id) } }, guest.token);
  expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
});

test('orderByNumber: a customer finds their own order by its number; foreign and unknown numbers are null alike', async () => {
  const o = await order();
  const BY_NUMBER = `query($n: String!) { orderByNumber(orderNumber: $n) { id orderNumber } }`;
  expect((await api.gql(BY_NUMBER, { n: o.orderNumber }, tokens.customerA)).data.orderByNumber).toEqual({ id: o.id, orderNumber: o.orderNumber });
  expect((await api.gql(BY_NUMBER, { n: ` ${o.orderNumber} ` }, tokens.customerA)).data.orderByNumber.id).toBe(o.id);
  expect((await api.gql(BY_NUMBER, { n: o.orderNumber }, tokens.customerB)).data.orderByNumber).toBeNull();
  expect((await api.gql(BY_NUMBER, { n: 'NO-SUCH-ORDER' }, tokens.customerA)).data.orderByNumber).toBeNull();
  expect((await api.gql(BY_NUMBER, { n: o.orderNumber }, tokens.operator)).data.orderByNumber.id).toBe(o.id);
  expect((await api.gql(BY_NUMBER, { n: o.orderNumber })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect((await api.gql(BY_NUMBER, { n: 'x'.repeat(101) }, tokens.customerA)).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
});
