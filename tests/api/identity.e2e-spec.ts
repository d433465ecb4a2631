import { graphql } from '../graphql/generated';
import { startTestApi, type TestApi } from '../helpers/test-api';

const Register = graphql(`
  mutation RegisterCustomer($input: RegisterCustomerInput!) {
    registerCustomer(input: $input) { customerCode verificationExpiresAt }
  }
`);
const Verify = graphql(`
  mutation VerifyPhone($input: VerifyPhoneInput!) {
    verifyPhone(input: $input) { accessToken refreshToken user { id username roles kind } }
  }
`);
const SignIn = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { accessToken refreshToken user { id roles } }
  }
`);
const Refresh = graphql(`
  mutation RefreshSession($token: String) {
    refreshSession(refreshToken: $token) { accessToken refreshToken }
  }
`);
const Me = graphql(`
  query Me { me { username kind roles } myCustomer { code phone phoneVerifiedAt } }
`);
const CreateStaff = graphql(`
  mutation CreateStaffUser($input: CreateStaffUserInput!) {
    createStaffUser(input: $input) { id username roles active }
  }
`);
const SetActive = graphql(`
  mutation SetUserActive($userId: ID!, $active: Boolean!) {
    setUserActive(userId: $userId, active: $active) { id active }
  }
`);
const AuditLog = graphql(`
  query AuditLog($action: String) {
    auditLog(action: $action, first: 50) { totalCount edges { node { action actorName targetId actor { username } } } }
  }
`);

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t.stop();
});

async function latestCode(phone: string): Promise<string> {
  const [row] = await t.sql<{ body: string }>('SELECT body FROM outbound_message WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1', [phone]);
  return /(\d{6})/.exec(row!.body)![1]!;
}

describe('customer sign-up with WhatsApp verification', () => {
  const input = { fullName: 'Rosa Marín', username: 'rosa', email: 'Rosa@Example.com', phone: '0412-555 1234', password: 'una-clave-larga' };

  it('sends a 6-digit code to the phone in E.164 and gives a readable customer code', async () => {
    const data = await t.anonymous().ok(Register, { input });
    expect(data.registerCustomer.customerCode).toMatch(/^MC-[0-9A-Z]{6}$/);
    const [message] = await t.sql<{ recipient: string; body: string }>("SELECT recipient, body FROM outbound_message WHERE recipient = '+584125551234'");
    expect(message!.body).toMatch(/\b\d{6}\b/);
  });

  it('refuses sign-in until the phone is verified', async () => {
    expect(await t.anonymous().errorCode(SignIn, { input: { login: 'rosa', password: input.password } })).toBe('PHONE_NOT_VERIFIED');
  });

  it('refuses a wrong code, counts the attempt, and accepts the right one', async () => {
    const code = await latestCode('+584125551234');
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await t.anonymous().errorCode(Verify, { input: { login: 'rosa', code: wrong } })).toBe('VERIFICATION_CODE_INVALID');
    const [row] = await t.sql<{ attempts: number }>('SELECT attempts FROM phone_verification ORDER BY created_at DESC LIMIT 1');
    expect(row!.attempts).toBe(1);
    const verified = await t.anonymous().ok(Verify, { input: { login: 'rosa', code } });
    expect(verified.verifyPhone.user).toMatchObject({ username: 'rosa', kind: 'CUSTOMER', roles: ['CUSTOMER'] });
  });

  it('signs in by username, email or customer code', async () => {
    const [{ code }] = (await t.sql<{ code: string }>("SELECT code FROM customer WHERE phone = '+584125551234'")) as [{ code: string }];
    for (const login of ['rosa', 'rosa@example.com', code.toLowerCase()]) {
      const data = await t.anonymous().ok(SignIn, { input: { login, password: input.password } });
      expect(data.signIn.accessToken).toBeTruthy();
    }
  });

  it('refuses a taken username, email or phone, and an invalid phone', async () => {
    const anon = t.anonymous();
    expect(await anon.errorCode(Register, { input: { ...input, email: 'x@example.com', phone: '04125550000' } })).toBe('USERNAME_TAKEN');
    expect(await anon.errorCode(Register, { input: { ...input, username: 'rosa2', phone: '04125550000' } })).toBe('EMAIL_TAKEN');
    expect(await anon.errorCode(Register, { input: { ...input, username: 'rosa3', email: 'r3@example.com' } })).toBe('PHONE_TAKEN');
    expect(await anon.errorCode(Register, { input: { ...input, username: 'rosa4', email: 'r4@example.com', phone: '12' } })).toBe('BAD_USER_INPUT');
    expect(await anon.errorCode(Register, { input: { ...input, username: 'rosa5', email: 'r5@example.com', phone: '0412-12' } })).toBe('INVALID_PHONE');
    const [{ count }] = (await t.sql<{ count: string }>("SELECT count(*) FROM app_user WHERE username LIKE 'rosa%'")) as [{ count: string }];
    expect(count).toBe('1');
  });

  it('locks the code after five wrong attempts', async () => {
    const anon = t.anonymous();
    await anon.ok(Register, { input: { fullName: 'Pedro Paz', username: 'pedro', phone: '04145550001', password: 'una-clave-larga' } });
    const code = await latestCode('+584145550001');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect(await anon.errorCode(Verify, { input: { login: 'pedro', code: wrong } })).toBe('VERIFICATION_CODE_INVALID');
    expect(await anon.errorCode(Verify, { input: { login: 'pedro', code } })).toBe('VERIFICATION_ATTEMPTS_EXCEEDED');
  });
});

describe('sessions', () => {
  it('rotates refresh tokens: the old one stops working', async () => {
    const first = await t.anonymous().ok(SignIn, { input: { login: 'master', password: 'morna-demo' } });
    const second = await t.anonymous().ok(Refresh, { token: first.signIn.refreshToken });
    expect(second.refreshSession.accessToken).toBeTruthy();
    expect(await t.anonymous().errorCode(Refresh, { token: first.signIn.refreshToken })).toBe('REFRESH_TOKEN_INVALID');
  });

  it('answers UNAUTHENTICATED without a token and for a forged one', async () => {
    expect(await t.anonymous().errorCode(Me)).toBe('UNAUTHENTICATED');
    const forged = new (t.anonymous().constructor as typeof import('../helpers/client').GqlClient)(t.anonymous().endpoints, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.x');
    expect(await forged.errorCode(Me)).toBe('UNAUTHENTICATED');
  });

  it('accepts the access token from the httpOnly cookie', async () => {
    const response = await fetch(t.api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { signIn(input: { login: "china", password: "morna-demo" }) { user { username } } }' }),
    });
    const cookies = response.headers.getSetCookie();
    expect(cookies.join(';')).toMatch(/morna_access=.*HttpOnly/i);
    const access = cookies.find((c) => c.startsWith('morna_access='))!.split(';')[0]!;
    const me = await fetch(t.api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', cookie: access }, body: JSON.stringify({ query: '{ me { username } }' }) });
    expect(((await me.json()) as { data: { me: { username: string } } }).data.me.username).toBe('china');
  });
});

describe('staff administration by the Master', () => {
  it('creates staff with roles, disables them at once, and audits every step', async () => {
    const master = await t.asStaff('MASTER');
    const created = await master.ok(CreateStaff, { input: { username: 'nuevo', displayName: 'Nuevo Agente', password: 'clave-de-agente', roles: ['CHINA_AGENT'] } });
    const agent = await t.anonymous().ok(SignIn, { input: { login: 'nuevo', password: 'clave-de-agente' } });
    expect(agent.signIn.user.roles).toEqual(['CHINA_AGENT']);
    await master.ok(SetActive, { userId: created.createStaffUser.id, active: false });
    const asAgent = new (master.constructor as typeof import('../helpers/client').GqlClient)(master.endpoints, agent.signIn.accessToken);
    expect(await asAgent.errorCode(Me)).toBe('UNAUTHENTICATED');
    expect(await t.anonymous().errorCode(SignIn, { input: { login: 'nuevo', password: 'clave-de-agente' } })).toBe('ACCOUNT_DISABLED');
    expect(await t.anonymous().errorCode(Refresh, { token: agent.signIn.refreshToken })).toBe('REFRESH_TOKEN_INVALID');

    const log = await master.ok(AuditLog, {});
    const actions = log.auditLog.edges.map((e) => e.node.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.sign_in', 'user.created', 'user.disabled']));
    expect(log.auditLog.edges.find((e) => e.node.action === 'user.created')!.node.actor!.username).toBe('master');
  });

  it('writes failed staff sign-ins to the access log', async () => {
    await t.anonymous().errorCode(SignIn, { input: { login: 'pagos', password: 'wrong-password' } });
    const master = await t.asStaff('MASTER');
    const log = await master.ok(AuditLog, { action: 'auth.sign_in_failed' });
    expect(log.auditLog.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('refuses user administration and the audit log to other roles', async () => {
    const agent = await t.asStaff('VENEZUELA_AGENT');
    expect(await agent.errorCode(AuditLog, {})).toBe('FORBIDDEN');
    const customer = await t.newCustomer();
    expect(await customer.errorCode(CreateStaff, { input: { username: 'x1x', displayName: 'X', password: 'clave-de-agente', roles: ['MASTER'] } })).toBe('FORBIDDEN');
  });

  it('keeps the audit log append-only in the database', async () => {
    await expect(t.sql('DELETE FROM audit_log_entry')).rejects.toThrow(/append-only/);
  });
});
