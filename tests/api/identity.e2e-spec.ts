import { graphql } from '../graphql/generated';
import { SignJWT } from 'jose';
import { IDENTITY_SWEEP } from '../../api/src/modules/identity/identity.jobs';
import type { GqlClient } from '../helpers/client';
import { allPages, type Page } from '../helpers/pages';
import { startTestApi, type TestApi } from '../helpers/test-api';

const Register = graphql(`
  mutation RegisterCustomer($input: RegisterCustomerInput!) {
    registerCustomer(input: $input) { registrationId verificationExpiresAt }
  }
`);
const Verify = graphql(`
  mutation VerifyPhone($input: VerifyPhoneInput!) {
    verifyPhone(input: $input) { accessToken refreshToken user { id username roles kind } }
  }
`);
const Resend = graphql(`
  mutation ResendVerificationCode($registrationId: ID!) { resendVerificationCode(registrationId: $registrationId) }
`);
const SignIn = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) { accessToken refreshToken user { id roles } }
  }
`);
const SignOut = graphql(`
  mutation SignOut($token: String) { signOut(refreshToken: $token) }
`);
const RequestReset = graphql(`
  mutation RequestPasswordReset($login: String!) { requestPasswordReset(login: $login) }
`);
const Reset = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) { resetPassword(input: $input) }
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

async function latestMessage(phone: string): Promise<string | undefined> {
  const [row] = await t.sql<{ body: string }>('SELECT body FROM outbound_message WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1', [phone]);
  return row?.body;
}

async function latestCode(phone: string): Promise<string> {
  return /(\d{6})/.exec((await latestMessage(phone))!)![1]!;
}

async function messageCount(phone: string): Promise<number> {
  const [row] = await t.sql<{ count: string }>('SELECT count(*) FROM outbound_message WHERE recipient = $1', [phone]);
  return Number(row!.count);
}

function wrongCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

/** A GraphQL client with another bearer token. */
function withToken(token: string) {
  return new (t.anonymous().constructor as typeof import('../helpers/client').GqlClient)(t.anonymous().endpoints, token);
}

describe('customer sign-up with WhatsApp verification', () => {
  const input = { fullName: 'Rosa Marín', username: 'rosa', email: 'Rosa@Example.com', phone: '0412-555 1234', password: 'una-clave-larga' };
  let rosa: string;

  it('answers an opaque registration id and sends a 6-digit code to the phone in E.164', async () => {
    const data = await t.anonymous().ok(Register, { input });
    rosa = data.registerCustomer.registrationId;
    expect(rosa).toMatch(/^[0-9a-f-]{36}$/);
    expect(await latestMessage('+584125551234')).toMatch(/\b\d{6}\b/);
    // Nothing is held until the phone is verified.
    expect(await t.sql("SELECT 1 FROM app_user WHERE username = 'rosa'")).toHaveLength(0);
  });

  it('refuses sign-in to a pending sign-up: PHONE_NOT_VERIFIED with the right password only', async () => {
    expect(await t.anonymous().errorCode(SignIn, { input: { login: 'rosa', password: input.password } })).toBe('PHONE_NOT_VERIFIED');
    expect(await t.anonymous().errorCode(SignIn, { input: { login: 'rosa', password: 'otra-clave' } })).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a wrong code, counts the attempt, and with the right one creates the verified account', async () => {
    const code = await latestCode('+584125551234');
    expect(await t.anonymous().errorCode(Verify, { input: { registrationId: rosa, code: wrongCode(code) } })).toBe('VERIFICATION_CODE_INVALID');
    const [row] = await t.sql<{ attempts: number }>('SELECT attempts FROM registration WHERE id = $1', [rosa]);
    expect(row!.attempts).toBe(1);
    const verified = await t.anonymous().ok(Verify, { input: { registrationId: rosa, code } });
    expect(verified.verifyPhone.user).toMatchObject({ username: 'rosa', kind: 'CUSTOMER', roles: ['CUSTOMER'] });
    const me = await withToken(verified.verifyPhone.accessToken).ok(Me, {});
    expect(me.myCustomer).toMatchObject({ phone: '+584125551234', code: expect.stringMatching(/^MC-[0-9A-Z]{6}$/), phoneVerifiedAt: expect.any(String) });
    // The sign-up is used up.
    expect(await t.anonymous().errorCode(Verify, { input: { registrationId: rosa, code } })).toBe('VERIFICATION_CODE_EXPIRED');
  });

  it('signs in by username, email or customer code', async () => {
    const [{ code }] = (await t.sql<{ code: string }>("SELECT code FROM customer WHERE phone = '+584125551234'")) as [{ code: string }];
    for (const login of ['rosa', 'rosa@example.com', code.toLowerCase()]) {
      const data = await t.anonymous().ok(SignIn, { input: { login, password: input.password } });
      expect(data.signIn.accessToken).toBeTruthy();
    }
  });

  it('answers a taken username, email or phone exactly like a free one, and tells only the phone by WhatsApp', async () => {
    const anon = t.anonymous();
    const attempts = [
      { input: { ...input, email: 'x@example.com', phone: '04125550010' }, phone: '+584125550010', notice: /usuario "rosa" ya está en uso/ },
      { input: { ...input, username: 'rosa2', phone: '04125550011' }, phone: '+584125550011', notice: /correo rosa@example.com ya tiene una cuenta/ },
      { input: { ...input, username: 'rosa3', email: 'r3@example.com' }, phone: '+584125551234', notice: /ya tiene una/ },
      { input: { ...input, username: 'rosa4', email: 'r4@example.com', phone: '04125550012' }, phone: '+584125550012', notice: /código de verificación es \d{6}/ },
    ];
    for (const attempt of attempts) {
      const result = await anon.request(Register, { input: attempt.input });
      expect(result.errors).toBeUndefined();
      expect(Object.keys(result.data!.registerCustomer).sort()).toEqual(['registrationId', 'verificationExpiresAt']);
      expect(await latestMessage(attempt.phone)).toMatch(attempt.notice);
    }
    // A notice carries no code: that sign-up can never be verified.
    const [taken] = await t.sql<{ id: string }>("SELECT id FROM registration WHERE username = 'rosa3'");
    expect(await anon.errorCode(Verify, { input: { registrationId: taken!.id, code: '123456' } })).toBe('VERIFICATION_CODE_INVALID');
    expect(await anon.errorCode(Register, { input: { ...input, username: 'rosa5', email: 'r5@example.com', phone: '12' } })).toBe('BAD_USER_INPUT');
    expect(await anon.errorCode(Register, { input: { ...input, username: 'rosa6', email: 'r6@example.com', phone: '0412-12' } })).toBe('INVALID_PHONE');
    const [{ count }] = (await t.sql<{ count: string }>("SELECT count(*) FROM app_user WHERE username LIKE 'rosa%'")) as [{ count: string }];
    expect(count).toBe('1');
  });

  it('answers a sign-in to a pending sign-up alike whether or not a verified account holds its username or email', async () => {
    const anon = t.anonymous();
    // Someone signs up with rosa's username and email (taken) and another with free ones, with their own password.
    await anon.ok(Register, { input: { ...input, phone: '04125550013', password: 'clave-del-curioso' } });
    await anon.ok(Register, { input: { ...input, username: 'libre', email: 'libre@example.com', phone: '04125550014', password: 'clave-del-curioso' } });
    for (const login of ['rosa', 'rosa@example.com', 'libre', 'libre@example.com']) {
      expect(await anon.errorCode(SignIn, { input: { login, password: 'clave-del-curioso' } })).toBe('PHONE_NOT_VERIFIED');
      expect(await anon.errorCode(SignIn, { input: { login, password: 'ninguna-de-las-dos' } })).toBe('INVALID_CREDENTIALS');
    }
    // The verified account's own password still signs it in.
    expect((await anon.ok(SignIn, { input: { login: 'rosa', password: input.password } })).signIn.accessToken).toBeTruthy();
  });

  it('replaces a pending sign-up by a newer one for the same phone, so nobody can squat a phone', async () => {
    const anon = t.anonymous();
    const squatter = await anon.ok(Register, { input: { fullName: 'Okupa', username: 'okupa', phone: '04145550020', password: 'una-clave-larga' } });
    const squatterCode = await latestCode('+584145550020');
    const owner = await anon.ok(Register, { input: { fullName: 'Dueña', username: 'duena', phone: '04145550020', password: 'una-clave-larga' } });
    expect(await anon.errorCode(Verify, { input: { registrationId: squatter.registerCustomer.registrationId, code: squatterCode } })).toBe('VERIFICATION_CODE_EXPIRED');
    const verified = await anon.ok(Verify, { input: { registrationId: owner.registerCustomer.registrationId, code: await latestCode('+584145550020') } });
    expect(verified.verifyPhone.user.username).toBe('duena');
  });

  it('holds no username while pending: the first to verify gets it, the other is told it was taken', async () => {
    const anon = t.anonymous();
    const first = await anon.ok(Register, { input: { fullName: 'Uno', username: 'gemelo', phone: '04145550030', password: 'una-clave-larga' } });
    const second = await anon.ok(Register, { input: { fullName: 'Dos', username: 'gemelo', phone: '04145550031', password: 'una-clave-larga' } });
    expect(await latestMessage('+584145550031')).toMatch(/código de verificación/);
    await anon.ok(Verify, { input: { registrationId: second.registerCustomer.registrationId, code: await latestCode('+584145550031') } });
    expect(await anon.errorCode(Verify, { input: { registrationId: first.registerCustomer.registrationId, code: await latestCode('+584145550030') } })).toBe('USERNAME_TAKEN');
  });

  it('expires pending sign-ups: the sweep deletes them', async () => {
    const anon = t.anonymous();
    const pending = await anon.ok(Register, { input: { fullName: 'Tarde', username: 'tarde', phone: '04145550040', password: 'una-clave-larga' } });
    const code = await latestCode('+584145550040');
    await t.sql("UPDATE registration SET expires_at = now() - interval '1 minute' WHERE phone = '+584145550040'");
    expect(await anon.errorCode(Verify, { input: { registrationId: pending.registerCustomer.registrationId, code } })).toBe('VERIFICATION_CODE_EXPIRED');
    await t.app.jobs.runNow(IDENTITY_SWEEP);
    expect(await t.sql("SELECT 1 FROM registration WHERE phone = '+584145550040'")).toHaveLength(0);
  });

  it('resends a code at most once a minute; the new code replaces the old one', async () => {
    const anon = t.anonymous();
    const pending = await anon.ok(Register, { input: { fullName: 'Reenvío', username: 'reenvio', phone: '04145550050', password: 'una-clave-larga' } });
    const id = pending.registerCustomer.registrationId;
    const first = await latestCode('+584145550050');
    expect(await anon.errorCode(Resend, { registrationId: id })).toBe('VERIFICATION_RESEND_TOO_SOON');
    await t.sql("UPDATE registration SET sent_at = now() - interval '2 minutes' WHERE id = $1", [id]);
    expect((await anon.ok(Resend, { registrationId: id })).resendVerificationCode).toBeTruthy();
    expect(await messageCount('+584145550050')).toBe(2);
    let second = await latestCode('+584145550050');
    // A new code equal to the old one is a one-in-a-million draw: resend again (a resend that never changes
    // the code runs into the 5 codes an hour of the phone and fails the test).
    while (second === first) {
      await t.sql("UPDATE registration SET sent_at = now() - interval '2 minutes' WHERE id = $1", [id]);
      await anon.ok(Resend, { registrationId: id });
      second = await latestCode('+584145550050');
    }
    expect(await anon.errorCode(Verify, { input: { registrationId: id, code: first } })).toBe('VERIFICATION_CODE_INVALID');
    expect((await anon.ok(Verify, { input: { registrationId: id, code: second } })).verifyPhone.accessToken).toBeTruthy();
  });

  it('locks the code after five wrong attempts', async () => {
    const anon = t.anonymous();
    const pending = await anon.ok(Register, { input: { fullName: 'Pedro Paz', username: 'pedro', phone: '04145550001', password: 'una-clave-larga' } });
    const id = pending.registerCustomer.registrationId;
    const code = await latestCode('+584145550001');
    for (let i = 0; i < 5; i++) expect(await anon.errorCode(Verify, { input: { registrationId: id, code: wrongCode(code) } })).toBe('VERIFICATION_CODE_INVALID');
    expect(await anon.errorCode(Verify, { input: { registrationId: id, code } })).toBe('VERIFICATION_ATTEMPTS_EXCEEDED');
  });
});

describe('password reset by WhatsApp code', () => {
  it('answers the same for an unknown login and sends nothing', async () => {
    const before = await t.sql<{ count: string }>('SELECT count(*) FROM outbound_message');
    expect((await t.anonymous().ok(RequestReset, { login: 'nadie-se-llama-asi' })).requestPasswordReset).toBe(true);
    expect((await t.anonymous().ok(RequestReset, { login: 'china' })).requestPasswordReset).toBe(true);
    expect(await t.sql<{ count: string }>('SELECT count(*) FROM outbound_message')).toEqual(before);
  });

  it('sets a new password with the code, once, and ends every session of the account', async () => {
    const customer = await t.newCustomer();
    const session = await t.anonymous().ok(SignIn, { input: { login: customer.username, password: 'clave-segura-1' } });
    expect((await t.anonymous().ok(RequestReset, { login: customer.code })).requestPasswordReset).toBe(true);
    const code = await latestCode(customer.phone);
    expect((await t.anonymous().ok(Reset, { input: { login: customer.code, code, newPassword: 'clave-nueva-22' } })).resetPassword).toBe(true);
    expect(await t.anonymous().errorCode(Reset, { input: { login: customer.code, code, newPassword: 'clave-nueva-33' } })).toBe('RESET_CODE_INVALID');
    expect(await t.anonymous().errorCode(SignIn, { input: { login: customer.username, password: 'clave-segura-1' } })).toBe('INVALID_CREDENTIALS');
    expect((await t.anonymous().ok(SignIn, { input: { login: customer.username, password: 'clave-nueva-22' } })).signIn.accessToken).toBeTruthy();
    expect(await customer.errorCode(Me)).toBe('UNAUTHENTICATED');
    expect(await withToken(session.signIn.accessToken).errorCode(Me)).toBe('UNAUTHENTICATED');
    expect(await t.anonymous().errorCode(Refresh, { token: session.signIn.refreshToken })).toBe('REFRESH_TOKEN_INVALID');
  });

  it('refuses a wrong code, an expired one, and any code after five tries, alike', async () => {
    const customer = await t.newCustomer();
    await t.anonymous().ok(RequestReset, { login: customer.username });
    const code = await latestCode(customer.phone);
    const reset = (c: string) => t.anonymous().errorCode(Reset, { input: { login: customer.username, code: c, newPassword: 'clave-nueva-22' } });
    expect(await reset(wrongCode(code))).toBe('RESET_CODE_INVALID');
    // Four more tries used elsewhere (other IPs, so this one's throttle is not what refuses).
    await t.sql('UPDATE password_reset SET attempts = 5 WHERE consumed_at IS NULL');
    expect(await reset(code)).toBe('RESET_CODE_INVALID');
    await t.anonymous().ok(RequestReset, { login: customer.username });
    const fresh = await latestCode(customer.phone);
    await t.sql("UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE consumed_at IS NULL");
    expect(await reset(fresh)).toBe('RESET_CODE_INVALID');
    expect(await reset('123456')).toBe('RESET_CODE_INVALID');
  });
});

describe('sessions', () => {
  it('rotates refresh tokens: the old one stops working', async () => {
    const first = await t.anonymous().ok(SignIn, { input: { login: 'master', password: 'morna-demo' } });
    const second = await t.anonymous().ok(Refresh, { token: first.signIn.refreshToken });
    expect(second.refreshSession.accessToken).toBeTruthy();
    expect(await t.anonymous().errorCode(Refresh, { token: first.signIn.refreshToken })).toBe('REFRESH_TOKEN_INVALID');
  });

  it('refuses a just-rotated refresh token presented again (another tab refreshing at once) without ending the session', async () => {
    const first = await t.anonymous().ok(SignIn, { input: { login: 'china', password: 'morna-demo' } });
    const [a, b] = await Promise.all([t.anonymous().request(Refresh, { token: first.signIn.refreshToken }), t.anonymous().request(Refresh, { token: first.signIn.refreshToken })]);
    const [won, lost] = a.data ? [a, b] : [b, a];
    expect(lost.errors?.[0]?.extensions?.code).toBe('REFRESH_TOKEN_INVALID');
    // The tab that lost the race uses the cookie the other one received: the session goes on.
    expect(await t.anonymous().errorCode(Refresh, { token: first.signIn.refreshToken })).toBe('REFRESH_TOKEN_INVALID');
    expect((await withToken(won.data!.refreshSession.accessToken).ok(Me, {})).me.username).toBe('china');
    expect((await t.anonymous().ok(Refresh, { token: won.data!.refreshSession.refreshToken })).refreshSession.accessToken).toBeTruthy();
  });

  it('revokes the whole session when a rotated refresh token is presented again after the grace of a few seconds', async () => {
    const first = await t.anonymous().ok(SignIn, { input: { login: 'ventas', password: 'morna-demo' } });
    const second = await t.anonymous().ok(Refresh, { token: first.signIn.refreshToken });
    await t.sql("UPDATE refresh_token SET rotated_at = rotated_at - interval '1 minute' WHERE rotated_at IS NOT NULL");
    // The first token leaked and is replayed: the thief and the owner both lose the session.
    expect(await t.anonymous().errorCode(Refresh, { token: first.signIn.refreshToken })).toBe('REFRESH_TOKEN_INVALID');
    expect(await t.anonymous().errorCode(Refresh, { token: second.refreshSession.refreshToken })).toBe('REFRESH_TOKEN_INVALID');
    expect(await withToken(second.refreshSession.accessToken).errorCode(Me)).toBe('UNAUTHENTICATED');
    // Other sessions of the same user go on.
    const other = await t.anonymous().ok(SignIn, { input: { login: 'ventas', password: 'morna-demo' } });
    expect((await withToken(other.signIn.accessToken).ok(Me, {})).me.username).toBe('ventas');
  });

  it('ends the access token at sign-out, not only the refresh token', async () => {
    const session = await t.anonymous().ok(SignIn, { input: { login: 'soporte', password: 'morna-demo' } });
    const client = withToken(session.signIn.accessToken);
    expect((await client.ok(Me, {})).me.username).toBe('soporte');
    expect((await client.ok(SignOut, {})).signOut).toBe(true);
    expect(await client.errorCode(Me)).toBe('UNAUTHENTICATED');
    expect(await t.anonymous().errorCode(Refresh, { token: session.signIn.refreshToken })).toBe('REFRESH_TOKEN_INVALID');
  });

  it('forgets sessions ended or expired more than 30 days ago, and keeps live ones working', async () => {
    const live = await t.anonymous().ok(SignIn, { input: { login: 'supervisor', password: 'morna-demo' } });
    const ended = await t.anonymous().ok(SignIn, { input: { login: 'supervisor', password: 'morna-demo' } });
    await withToken(ended.signIn.accessToken).ok(SignOut, {});
    const stale = await t.anonymous().ok(SignIn, { input: { login: 'supervisor', password: 'morna-demo' } });
    const sessionOf = (accessToken: string) => (JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
    const [liveId, endedId, staleId] = [live, ended, stale].map((s) => sessionOf(s.signIn.accessToken));
    await t.sql("UPDATE auth_session SET revoked_at = now() - interval '31 days' WHERE id = $1", [endedId]);
    await t.sql("UPDATE refresh_token SET expires_at = now() - interval '31 days' WHERE session_id = $1", [staleId]);
    await t.sql("UPDATE auth_session SET created_at = now() - interval '61 days' WHERE id = $1", [staleId]);
    await t.app.jobs.runNow(IDENTITY_SWEEP);
    const left = await t.sql<{ id: string }>('SELECT id FROM auth_session WHERE id = ANY($1::uuid[])', [[liveId, endedId, staleId]]);
    expect(left.map((r) => r.id)).toEqual([liveId]);
    expect(await t.sql('SELECT 1 FROM refresh_token WHERE session_id = ANY($1::uuid[])', [[endedId, staleId]])).toEqual([]);
    expect((await withToken(live.signIn.accessToken).ok(Me, {})).me.username).toBe('supervisor');
    expect((await t.anonymous().ok(Refresh, { token: live.signIn.refreshToken })).refreshSession.accessToken).toBeTruthy();
  });

  it('refuses access tokens without an expiry or a session, even when correctly signed', async () => {
    const session = await t.anonymous().ok(SignIn, { input: { login: 'pagos', password: 'morna-demo' } });
    const claims = JSON.parse(Buffer.from(session.signIn.accessToken.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: string };
    const key = new TextEncoder().encode(t.app.config.jwtSecret);
    const sign = (payload: Record<string, unknown>, expires: boolean) => {
      const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub).setIssuer('morna').setIssuedAt();
      return (expires ? jwt.setExpirationTime('5m') : jwt).sign(key);
    };
    expect((await withToken(await sign({ typ: 'access', sid: claims.sid }, true)).ok(Me, {})).me.username).toBe('pagos');
    expect(await withToken(await sign({ typ: 'access', sid: claims.sid }, false)).errorCode(Me)).toBe('UNAUTHENTICATED');
    expect(await withToken(await sign({ typ: 'access' }, true)).errorCode(Me)).toBe('UNAUTHENTICATED');
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

  it('refreshes the session from the httpOnly refresh cookie alone (the back-office never sees a token), rotating it', async () => {
    const post = (query: string, cookie?: string) =>
      fetch(t.api.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify({ query }) });
    const cookieOf = (response: Response, name: string) => response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
    const signedIn = await post('mutation { signIn(input: { login: "china", password: "morna-demo" }) { user { id } } }');
    const refreshCookie = cookieOf(signedIn, 'morna_refresh')!;
    expect(refreshCookie).toMatch(/HttpOnly/i);
    expect(refreshCookie).toMatch(/Path=\/graphql/i);
    const refreshed = await post('mutation { refreshSession { accessTokenExpiresAt } }', refreshCookie.split(';')[0]);
    expect(((await refreshed.json()) as { data: { refreshSession: { accessTokenExpiresAt: string } } }).data.refreshSession.accessTokenExpiresAt).toBeTruthy();
    const access = cookieOf(refreshed, 'morna_access')!.split(';')[0]!;
    const me = await post('{ me { username } }', access);
    expect(((await me.json()) as { data: { me: { username: string } } }).data.me.username).toBe('china');
    expect(cookieOf(refreshed, 'morna_refresh')!.split(';')[0]).not.toBe(refreshCookie.split(';')[0]);
    const withoutCookie = await post('mutation { refreshSession { accessTokenExpiresAt } }');
    expect(((await withoutCookie.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('REFRESH_TOKEN_INVALID');
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
    const sessions = await t.sql<{ revoked_reason: string | null }>('SELECT revoked_reason FROM auth_session WHERE user_id = $1', [created.createStaffUser.id]);
    expect(sessions).toEqual([{ revoked_reason: 'user_disabled' }]);

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

describe('the Master\'s user list: search and order', () => {
  const USERS = `query ($search: String, $order: UserOrder, $first: Int!, $after: String) {
    users(search: $search, order: $order, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { username displayName } } }
  }`;
  let master: GqlClient;
  const tag = `u${Date.now().toString(36)}`;
  const list = async (order: string | null, first = 100, after: string | null = null, search = tag) =>
    (await master.ok<{ users: Page<{ username: string; displayName: string }> }, unknown>(USERS, { search, order, first, after })).users;
  const usernames = async (order: string | null) => (await list(order)).edges.map((e) => e.node.username);

  beforeAll(async () => {
    master = await t.asStaff('MASTER');
    // Created in this order (1 oldest); 2 and 3 share a name and an instant, so the id breaks both ties.
    const people: [number, string, string][] = [
      [1, `Zoe ${tag}`, '2026-01-01T09:00:00.000Z'],
      [2, `Ana ${tag}`, '2026-01-02T09:00:00.000Z'],
      [3, `Ana ${tag}`, '2026-01-02T09:00:00.000Z'],
      [4, `Mario ${tag}`, '2026-01-03T09:00:00.000Z'],
    ];
    for (const [n, displayName, createdAt] of people) {
      const created = await master.ok<{ createStaffUser: { id: string } }, unknown>(CreateStaff, { input: { username: `${tag}.${n}`, displayName, password: 'clave-de-agente', roles: ['SALES'] } });
      await t.sql('UPDATE app_user SET created_at = $2 WHERE id = $1', [created.createStaffUser.id, createdAt]);
    }
  });

  it('keeps newest first as the default, and orders oldest first or by name on request', async () => {
    const newest = await usernames(null);
    expect(await usernames('NEWEST_FIRST')).toEqual(newest);
    expect(newest[0]).toBe(`${tag}.4`);
    expect(newest[3]).toBe(`${tag}.1`);
    expect(await usernames('OLDEST_FIRST')).toEqual([...newest].reverse());
    const byName = (await list('NAME')).edges.map((e) => e.node.displayName);
    expect(byName).toEqual([`Ana ${tag}`, `Ana ${tag}`, `Mario ${tag}`, `Zoe ${tag}`]);
  });

  it('returns every user exactly once across pages in each order', async () => {
    for (const order of ['NAME', 'NEWEST_FIRST', 'OLDEST_FIRST']) {
      const whole = await usernames(order);
      expect(whole).toHaveLength(4);
      for (const first of [1, 2, 3]) expect((await allPages((after) => list(order, first, after))).map((n) => n.username)).toEqual(whole);
    }
  });

  it('refuses an unknown order or a search over 100 characters as BAD_USER_INPUT, and other roles as FORBIDDEN', async () => {
    expect(await master.errorCode(USERS, { order: 'SIDEWAYS', first: 5 })).toBe('BAD_USER_INPUT');
    expect(await master.errorCode(USERS, { search: 'x'.repeat(101), first: 5 })).toBe('BAD_USER_INPUT');
    expect(await (await t.asStaff('SUPERVISOR')).errorCode(USERS, { order: 'NAME', first: 5 })).toBe('FORBIDDEN');
    expect(await (await t.newCustomer()).errorCode(USERS, { order: 'NAME', first: 5 })).toBe('FORBIDDEN');
  });
});

describe('the audit log: search and order', () => {
  const LOG = `query ($search: String, $order: ListOrder, $first: Int!, $after: String) {
    auditLog(search: $search, order: $order, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { action actorName targetId } } }
  }`;
  let master: GqlClient;
  const tag = `A${Date.now().toString(36).toUpperCase()}`;
  const target = (n: number) => `T-${tag}-${n}`;
  const list = async (search: string, order: string | null = null, first = 100, after: string | null = null) =>
    (await master.ok<{ auditLog: Page<{ action: string; actorName: string | null; targetId: string | null }> }, unknown>(LOG, { search, order, first, after })).auditLog;
  const targets = async (search: string, order: string | null = null) => (await list(search, order)).edges.map((e) => e.node.targetId);

  beforeAll(async () => {
    master = await t.asStaff('MASTER');
    // Entries 1 and 2 share an instant, so the id breaks the tie.
    const entries: [number, string | null, string, string][] = [
      [1, `Rita ${tag}`, 'test.alpha', '2026-05-02T12:00:00.000Z'],
      [2, `Rita ${tag}`, 'test.beta', '2026-05-02T12:00:00.000Z'],
      [3, 'Óscar Pagos', `test.${tag.toLowerCase()}.gamma`, '2026-05-03T12:00:00.000Z'],
      [4, null, 'test.delta', '2026-05-01T12:00:00.000Z'],
    ];
    for (const [n, actorName, action, at] of entries) {
      await t.sql(`INSERT INTO audit_log_entry (at, actor_name, action, target_type, target_id, detail) VALUES ($1, $2, $3, 'Test', $4, '{}')`, [at, actorName, action, target(n)]);
    }
  });

  it('finds entries by the actor\'s name, the action or the target id, ignoring case and spaces, and no others', async () => {
    expect((await targets(`  t-${tag.toLowerCase()}  `)).sort()).toEqual([1, 2, 3, 4].map(target));
    expect(await targets(target(2))).toEqual([target(2)]);
    expect((await targets(`rita ${tag.toLowerCase()}`)).sort()).toEqual([target(1), target(2)]);
    expect(await targets(`${tag}.GAMMA`)).toEqual([target(3)]);
    expect((await list('100%')).totalCount).toBe(0);
  });

  it('lists newest first by default and oldest first on request, every entry once across pages', async () => {
    const newest = await targets(tag);
    expect(await targets(tag, 'NEWEST_FIRST')).toEqual(newest);
    expect([newest[0], newest[3]]).toEqual([target(3), target(4)]);
    const oldest = await targets(tag, 'OLDEST_FIRST');
    expect(oldest).toEqual([...newest].reverse());
    for (const [order, whole] of [['NEWEST_FIRST', newest], ['OLDEST_FIRST', oldest]] as const) {
      for (const first of [1, 2]) expect((await allPages((after) => list(tag, order, first, after))).map((n) => n.targetId)).toEqual(whole);
    }
  });

  it('refuses a search over 100 characters or an unknown order as BAD_USER_INPUT, and other roles as FORBIDDEN', async () => {
    expect(await master.errorCode(LOG, { search: 'x'.repeat(101), first: 5 })).toBe('BAD_USER_INPUT');
    expect(await master.errorCode(LOG, { search: tag, order: 'SIDEWAYS', first: 5 })).toBe('BAD_USER_INPUT');
    expect(await (await t.asStaff('VENEZUELA_AGENT')).errorCode(LOG, { search: tag, first: 5 })).toBe('FORBIDDEN');
    expect(await (await t.newCustomer()).errorCode(LOG, { search: tag, first: 5 })).toBe('FORBIDDEN');
  });
});
