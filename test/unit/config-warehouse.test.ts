import { ConfigError, loadConfig } from '../../src/config';

// WAREHOUSE_ADDRESS: the optional address keys partners are promised (line2, phone) are read, and null when absent.
const load = (value?: string) => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'test-secret-0123456789-0123456789-abcdef', ...(value ? { WAREHOUSE_ADDRESS: value } : {}) }).warehouseAddress;

test('line2 and phone are taken from WAREHOUSE_ADDRESS', () => {
  const a = { name: 'Returns', line1: 'Magazynowa 5/2', line2: 'Hala B', city: 'Warszawa', postalCode: '02-652', countryCode: 'PL', phone: '+48221234567' };
  expect(load(JSON.stringify(a))).toEqual(a);
});

test('absent line2 and phone are null, in the default address too', () => {
  const a = { name: 'Returns', line1: 'Returnstraat 1', city: 'Utrecht', postalCode: '3511 AA', countryCode: 'NL' };
  expect(load(JSON.stringify(a))).toEqual({ ...a, line2: null, phone: null });
  expect(load()).toMatchObject({ line2: null, phone: null });
});

test('a non-string phone is a configuration error', () => {
  expect(() => load(JSON.stringify({ name: 'R', line1: 'L', city: 'C', postalCode: 'P', countryCode: 'NL', phone: 31 }))).toThrow(ConfigError);
});
