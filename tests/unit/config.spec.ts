import { tmpdir } from 'node:os';
import { loadConfig } from '../../api/src/config';

// Secrets given, so loading writes nothing into the data folder.
const base: NodeJS.ProcessEnv = { NODE_ENV: 'test', JWT_SECRET: 'unit-test-secret', PORTAL_SESSION_SECRET: 'unit-test-secret', MORNA_DATA_DIR: tmpdir() };

describe('loadConfig', () => {
  it.each([
    ['GRAPHQL_MAX_COST', '20k'],
    ['GRAPHQL_TIME_BUDGET_MS', 'soon'],
    ['WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', '0'],
    ['UPLOAD_DAILY_COUNT', '1.5'],
    ['PORT', '-1'],
    ['GRAPHQL_INTROSPECTION', 'yes'],
    ['BUSINESS_WHATSAPP', '0412-555-0100'],
    ['CHAIN_PRIVATE_KEY', '0x1234'],
    ['CHAIN_CONTRACT_ADDRESS', 'not-an-address'],
    ['CHAIN_CONFIRMATIONS', '0'],
  ])('refuses to start when %s is %p rather than switch that limit off', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(name);
  });

  it.each([
    ['GRAPHQL_MAX_COST', '5000', (c: ReturnType<typeof loadConfig>) => c.graphql.maxCost, 5000],
    ['PORT', '0', (c: ReturnType<typeof loadConfig>) => c.port, 0],
    ['WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', ' 3 ', (c: ReturnType<typeof loadConfig>) => c.wsMaxSubscriptionsPerConnection, 3],
    ['UPLOAD_DAILY_COUNT', '', (c: ReturnType<typeof loadConfig>) => c.uploadDailyCount, 100],
    ['BUSINESS_WHATSAPP', '+58 412-555-0199', (c: ReturnType<typeof loadConfig>) => c.businessWhatsapp, '+584125550199'],
    ['BUSINESS_WHATSAPP', '', (c: ReturnType<typeof loadConfig>) => c.businessWhatsapp, '+584125550100'],
    ['CHAIN_CONFIRMATIONS', '', (c: ReturnType<typeof loadConfig>) => c.chain.confirmations, 1],
    ['CHAIN_RPC_URL', ' http://node:8545 ', (c: ReturnType<typeof loadConfig>) => c.chain.rpcUrl, 'http://node:8545'],
  ])('reads %s=%p', (name, value, read, expected) => {
    expect(read(loadConfig({ ...base, [name]: value }))).toBe(expected);
  });

  it('refuses to start in production without the chain signer key, and waits for 12 confirmations there by default', () => {
    const production = { ...base, NODE_ENV: 'production' as const, API_KEY_PEPPER: 'pepper' };
    expect(() => loadConfig(production)).toThrow('CHAIN_PRIVATE_KEY is required');
    const key = `0x${'ab'.repeat(32)}`;
    expect(loadConfig({ ...production, CHAIN_PRIVATE_KEY: key }).chain).toMatchObject({ privateKey: key, confirmations: 12 });
  });
});
