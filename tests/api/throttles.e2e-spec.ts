import pino from 'pino';
import { loadConfig } from '../../api/src/config';
import { startApi } from '../../api/src/main';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import type { GqlResponse } from '../helpers/client';
import { startTestApi, type TestApi } from '../helpers/test-api';

const SIGN_IN = `mutation SignIn($login: String!, $password: String!) { signIn(input: { login: $login, password: $password }) { accessToken } }`;
const REGISTER = `mutation Register($input: RegisterCustomerInput!) { registerCustomer(input: $input) { registrationId verificationExpiresAt } }`;
const VERIFY = `mutation Verify($registrationId: ID!, $code: String!) { verifyPhone(input: { registrationId: $registrationId, code: $code }) { accessToken } }`;
const REQUEST_RESET = `mutation RequestReset($login: String!) { requestPasswordReset(login: $login) }`;
const RESET = `mutation Reset($login: String!, $code: String!, $password: String!) { resetPassword(input: { login: $login, code: $code, newPassword: $password }) }`;

let t: TestApi;
beforeAll(async () => {
  // Per-IP limits on, and X-Forwarded-For from the test (a loopback proxy) names the client IP.
  t = await startTestApi({ throttleExemptIps: [], trustProxy: 'loopback' });
});
afterAll(async () => {
  await t.stop();
});

let lastIp = 0;
/** A client at its own IP address (each test its own, so per-IP counts do not mix). */
function clientAt(ip = `203.0.113.${++lastIp}`, graphqlUrl = t.api.graphqlUrl) {
  return {
    ip,
    async request(query: string, variables: Record<string, unknown>): Promise<GqlResponse<Record<string, unknown>>> {
      const response = await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ query, variables }) });
      return (await response.json()) as GqlResponse<Record<string, unknown>>;
    },
    async errorOf(query: string, variables: Record<string, unknown>): Promise<{ code?: string; retryAfterSeconds?: number }> {
      const result = await this.request(query, variables);
      if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
      return result.errors[0]!.extensions as { code?: string; retryAfterSeconds?: number };
    },
  };
}

/** Ends every current block and count of `limit` (as if its time had passed). */
async function expire(limit: string): Promise<void> {
  await t.sql(`UPDATE rate_limit SET expire = 1 WHERE key LIKE $1`, [`${limit}:%`]);
}

function phone(): string {
  return `+58414${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
}

describe('sign-in throttling', () => {
  it('blocks a login from one IP after 5 wrong passwords, even with the right one, and says when to retry', async () => {
    const client = clientAt();
    for (let i = 0; i < 5; i++) expect((await client.errorOf(SIGN_IN, { login: 'ventas', password: `wrong-${i}` })).code).toBe('INVALID_CREDENTIALS');
    expect(await client.errorOf(SIGN_IN, { login: 'ventas', password: DEMO_PASSWORD })).toEqual(expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 60 }));
    // The account itself is not locked for its owner elsewhere.
    expect((await clientAt().request(SIGN_IN, { login: 'ventas', password: DEMO_PASSWORD })).data?.signIn).toBeTruthy();
  });

  it('doubles the block after each further run of 5 failures', async () => {
    const client = clientAt();
    const expected = [60, 120, 240];
    for (const seconds of expected) {
      await expire('sign_in_login_ip');
      for (let i = 0; i < 5; i++) expect((await client.errorOf(SIGN_IN, { login: 'soporte', password: 'wrong' })).code).toBe('INVALID_CREDENTIALS');
      expect((await client.errorOf(SIGN_IN, { login: 'soporte', password: 'wrong' })).retryAfterSeconds).toBe(seconds);
    }
  });

  it('clears the count after a successful sign-in', async () => {
    const client = clientAt();
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect((await client.errorOf(SIGN_IN, { login: 'china', password: 'wrong' })).code).toBe('INVALID_CREDENTIALS');
      expect((await client.request(SIGN_IN, { login: 'china', password: DEMO_PASSWORD })).data?.signIn).toBeTruthy();
    }
  });

  it('lets at most 5 of 20 simultaneous wrong passwords for one login be checked, and blocks for the first step only', async () => {
    const customer = await t.newCustomer();
    const client = clientAt();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => client.errorOf(SIGN_IN, { login: customer.username, password: `wrong-${i}` })));
    const codes = results.map((r) => r.code);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c !== 'INVALID_CREDENTIALS')).toEqual(Array(codes.filter((c) => c !== 'INVALID_CREDENTIALS').length).fill('TOO_MANY_ATTEMPTS'));
    // One burst is one block: the first step (1 min), not the doubled ones of repeated penalties.
    const blocked = await client.errorOf(SIGN_IN, { login: customer.username, password: 'clave-segura-1' });
    expect(blocked.code).toBe('TOO_MANY_ATTEMPTS');
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('counts wrong passwords per account: its username, email and customer code share one count', async () => {
    const customer = await t.newCustomer();
    const client = clientAt();
    for (const login of [customer.username, customer.username, `${customer.username}@example.com`, `${customer.username.toUpperCase()}@EXAMPLE.COM`, customer.code.toLowerCase()]) {
      expect((await client.errorOf(SIGN_IN, { login, password: 'wrong' })).code).toBe('INVALID_CREDENTIALS');
    }
    for (const login of [customer.username, `${customer.username}@example.com`, customer.code]) {
      expect((await client.errorOf(SIGN_IN, { login, password: 'clave-segura-1' })).code).toBe('TOO_MANY_ATTEMPTS');
    }
  });

  it('counts failures in PostgreSQL, so a block holds on every API instance', async () => {
    const second = await startApi(loadConfig(process.env, { port: 0, host: '127.0.0.1', logLevel: 'silent', trustProxy: 'loopback', sweepIntervalSeconds: 3600 }), t.databaseUrl, pino({ level: 'silent' }));
    try {
      const ip = `198.51.100.${++lastIp}`;
      for (let i = 0; i < 5; i++) expect((await clientAt(ip).errorOf(SIGN_IN, { login: 'supervisor', password: 'wrong' })).code).toBe('INVALID_CREDENTIALS');
      expect((await clientAt(ip, second.graphqlUrl).errorOf(SIGN_IN, { login: 'supervisor', password: DEMO_PASSWORD })).code).toBe('TOO_MANY_ATTEMPTS');
    } finally {
      await second.stop();
    }
  });

  it('refuses blocked attempts before hashing: 100 of them cost under 5 s of CPU (hashing costs about 18 s)', async () => {
    const client = clientAt();
    for (let i = 0; i < 5; i++) await client.errorOf(SIGN_IN, { login: 'master', password: 'wrong' });
    // The API runs in this process: its CPU time (argon2's threads included) is this process's.
    const before = process.cpuUsage();
    for (let i = 0; i < 100; i++) expect((await client.errorOf(SIGN_IN, { login: 'master', password: 'wrong' })).code).toBe('TOO_MANY_ATTEMPTS');
    const used = process.cpuUsage(before);
    expect((used.user + used.system) / 1000).toBeLessThan(5000);
  });

  it('limits one IP to 100 wrong passwords over any logins', async () => {
    const client = clientAt();
    // 99 failures already counted for this IP (the key is the limit's name and the IP's sha256, base64url).
    await t.sql(
      `INSERT INTO rate_limit (key, points, expire) VALUES ('sign_in_ip:' || translate(rtrim(encode(sha256(convert_to($1, 'UTF8')), 'base64'), '='), '+/', '-_'), 99, $2)`,
      [client.ip, Date.now() + 3_600_000],
    );
    expect((await client.errorOf(SIGN_IN, { login: 'nobody-1', password: 'wrong' })).code).toBe('INVALID_CREDENTIALS');
    expect((await client.errorOf(SIGN_IN, { login: 'nobody-2', password: 'wrong' })).code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('caps concurrent password hashing: of 30 simultaneous sign-ins, the ones beyond the queue are refused at once', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => clientAt().errorOf(SIGN_IN, { login: `ghost-${i}`, password: 'wrong' })));
    const codes = results.map((r) => r.code);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS').length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS').length).toBeGreaterThan(0);
    expect(results.find((r) => r.code === 'TOO_MANY_ATTEMPTS')!.retryAfterSeconds).toBe(1);
  });
});

describe('sign-up and verification throttling', () => {
  const signUp = (n: number, to: string) => ({ input: { fullName: 'Persona Prueba', username: `persona${n}_${lastIp}`, phone: to, password: 'una-clave-larga' } });

  it('sends at most 5 codes an hour to one phone', async () => {
    const target = phone();
    for (let i = 0; i < 5; i++) expect((await clientAt().request(REGISTER, signUp(i, target))).data?.registerCustomer).toBeTruthy();
    expect((await clientAt().errorOf(REGISTER, signUp(9, target))).code).toBe('TOO_MANY_ATTEMPTS');
    const [{ count }] = (await t.sql<{ count: string }>('SELECT count(*) FROM outbound_message WHERE recipient = $1', [target])) as [{ count: string }];
    expect(count).toBe('5');
  });

  it('accepts at most 10 sign-ups an hour from one IP', async () => {
    const client = clientAt();
    for (let i = 0; i < 10; i++) expect((await client.request(REGISTER, signUp(i, phone()))).data?.registerCustomer).toBeTruthy();
    expect(await client.errorOf(REGISTER, signUp(10, phone()))).toEqual(expect.objectContaining({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: expect.any(Number) }));
  });

  it('blocks an IP after 20 wrong verification codes', async () => {
    const client = clientAt();
    for (let i = 0; i < 20; i++) {
      expect((await client.errorOf(VERIFY, { registrationId: '00000000-0000-4000-8000-00000000000' + (i % 10), code: '123456' })).code).toMatch(/^VERIFICATION_/);
    }
    expect((await client.errorOf(VERIFY, { registrationId: '00000000-0000-4000-8000-000000000000', code: '123456' })).code).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('password reset throttling', () => {
  it('answers at most 3 reset requests an hour for one login, whether or not it exists', async () => {
    for (const login of ['maria-no-existe', 'master']) {
      for (let i = 0; i < 3; i++) expect((await clientAt().request(REQUEST_RESET, { login })).data?.requestPasswordReset).toBe(true);
      expect((await clientAt().errorOf(REQUEST_RESET, { login })).code).toBe('TOO_MANY_ATTEMPTS');
    }
  });

  it('answers at most 3 reset requests an hour for one account, whichever login names it', async () => {
    const customer = await t.newCustomer();
    for (const login of [customer.username, `${customer.username}@example.com`, customer.code]) {
      expect((await clientAt().request(REQUEST_RESET, { login })).data?.requestPasswordReset).toBe(true);
    }
    expect((await clientAt().errorOf(REQUEST_RESET, { login: customer.code.toLowerCase() })).code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('counts wrong reset codes per account: its username, email and customer code share one count', async () => {
    const customer = await t.newCustomer();
    const client = clientAt();
    expect((await client.request(REQUEST_RESET, { login: customer.username })).data?.requestPasswordReset).toBe(true);
    const [{ body }] = (await t.sql<{ body: string }>('SELECT body FROM outbound_message WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1', [customer.phone])) as [{ body: string }];
    const wrong = /\b000000\b/.test(body) ? '111111' : '000000';
    for (const login of [customer.username, customer.username, `${customer.username}@example.com`, customer.code, customer.code]) {
      expect((await client.errorOf(RESET, { login, code: wrong, password: 'otra-clave-larga' })).code).toBe('RESET_CODE_INVALID');
    }
    expect((await client.errorOf(RESET, { login: customer.username, code: wrong, password: 'otra-clave-larga' })).code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('blocks a login from one IP after 5 wrong reset codes', async () => {
    const customer = await t.newCustomer();
    const client = clientAt();
    expect((await client.request(REQUEST_RESET, { login: customer.username })).data?.requestPasswordReset).toBe(true);
    for (let i = 0; i < 5; i++) {
      expect((await client.errorOf(RESET, { login: customer.username, code: String(100000 + i), password: 'otra-clave-larga' })).code).toBe('RESET_CODE_INVALID');
    }
    expect((await client.errorOf(RESET, { login: customer.username, code: '999999', password: 'otra-clave-larga' })).code).toBe('TOO_MANY_ATTEMPTS');
  });
});
