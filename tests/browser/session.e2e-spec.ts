import { signInThroughForm, startTestPortal, type TestPortal } from '../helpers/test-portal';

/** The portal's cookie session over the API's short-lived access tokens, in Debian's chromium. */
describe('customer portal: sessions', () => {
  let portal: TestPortal;
  // Access tokens of 12 s: the portal refreshes 10 s before expiry, so every token is due 2 s after it is issued.
  beforeAll(async () => (portal = await startTestPortal({ ACCESS_TOKEN_SECONDS: '12' })));
  afterAll(() => portal?.stop());

  it('refreshes an expired access token transparently, once, even when several loaders need it at the same time', async () => {
    const customer = await portal.newCustomer();
    const { page } = await portal.newPage();
    await signInThroughForm(page, customer.username, customer.password);
    const tokens = () => portal.sql<{ n: number }>(`SELECT count(*)::int AS n FROM refresh_token r JOIN auth_session s ON s.id = r.session_id JOIN app_user u ON u.id = s.user_id WHERE u.username = $1`, [customer.username]);
    const [before] = await tokens();
    await page.waitForTimeout(2500);
    // The layout and the profile loaders both call the API with the due token: one refresh serves both.
    await page.goto('/profile');
    await page.getByText(customer.code, { exact: true }).waitFor();
    const [after] = await tokens();
    expect(after!.n).toBe(before!.n + 1);
    const revoked = await portal.sql(`SELECT s.id FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = $1 AND s.revoked_at IS NOT NULL`, [customer.username]);
    expect(revoked).toEqual([]);
    await page.reload();
    await page.getByText(customer.code, { exact: true }).waitFor();
  });
});
