import { startTestApi, type TestApi } from '../support/harness';
let api: TestApi;
beforeAll(async () => { api = await startTestApi(); });
afterAll(async () => { await api?.stop(); });
test('probe', async () => {
  const op = await api.token('OPERATOR', 'x');
  const show = async (label: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${op}` }) => { const r = await api.post(body, headers); console.log(label, r.status, r.text.slice(0, 400)); };
  await show('enum', JSON.stringify({ query: 'query($s: [ReturnStatus!]) { returns(filter: {status: $s}) { totalCount } }', variables: { s: ['NOT_A_STATUS_XYZ'] } }));
  await show('int', JSON.stringify({ query: 'query($n: Int) { returns(first: $n) { totalCount } }', variables: { n: 2 ** 31 } }));
  await show('date', JSON.stringify({ query: 'query($d: DateTime) { returns(filter: {createdFrom: $d}) { totalCount } }', variables: { d: '2020-13-45TXYZ' } }));
  await show('datelit', JSON.stringify({ query: '{ returns(filter: {createdFrom: "2020-13-45TXYZ"}) { totalCount } }' }));
  await show('enumlit', JSON.stringify({ query: '{ returns(filter: {status: [NOTASTATUSXYZ]}) { totalCount } }' }));
  await show('strint', JSON.stringify({ query: 'query($n: Int) { returns(first: $n) { totalCount } }', variables: { n: 'XYZSTRING' } }));
  await show('extra', JSON.stringify({ query: 'query($f: ReturnFilter) { returns(filter: $f) { totalCount } }', variables: { f: { bogusFieldXYZ: 1 } } }));
  await show('typeintro', JSON.stringify({ query: '{ __type(name: "Return") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } }' }));
  await show('deepfrag', JSON.stringify({ query: 'query { returns { ...A } } fragment A on ReturnConnection { edges { node { ...B } } } fragment B on Return { items { orderLine { unitPrice { amount } } } order { customer { id } } }' }));
});
