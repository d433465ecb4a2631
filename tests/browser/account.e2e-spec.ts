import type { Page } from 'playwright-core';
import { checkPage, randomPhone, requestSignUpCode, signInThroughForm, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';

/**
 * The customer portal's account flows in Debian's chromium against `npm start` (API and portal on one
 * origin): sign-up with the WhatsApp code from the outbox, sign-in by each kind of login, sign-out,
 * password reset, language, and the refusals the API answers. Every page is screenshotted and checked by
 * axe at phone and desktop width.
 */
describe('customer portal: account', () => {
  let portal: TestPortal;
  let customer: PortalCustomer;
  beforeAll(async () => {
    portal = await startTestPortal();
    customer = await portal.newCustomer();
  });
  afterAll(() => portal?.stop());

  /** The login fixture: a fresh browser signed in through the sign-in form. */
  async function signedIn(login: string, password = customer.password): Promise<Page> {
    const { page } = await portal.newPage();
    await signInThroughForm(page, login, password);
    return page;
  }

  it('signs a new customer up with the WhatsApp code from the outbox, signs them in, and shows their customer code on the profile', async () => {
    const { page } = await portal.newPage();
    const phone = randomPhone();
    const username = `nuevo_${phone.slice(-6)}`;
    await page.goto('/sign-up');
    await checkPage(page, 'sign-up');
    await requestSignUpCode(page, { fullName: 'Ana Pérez', username, phone, email: `${username}@example.com`, password: 'clave-segura-1' });

    // The resend waits its 60 s, visibly; the page says honestly what happens when the phone is taken.
    expect(await page.getByRole('button', { name: 'Reenviar código' }).isDisabled()).toBe(true);
    expect(await page.getByText(/Podrás pedir otro código en \d+ s\./).isVisible()).toBe(true);
    expect(await page.getByText(/el dueño del teléfono recibe un aviso por WhatsApp/).isVisible()).toBe(true);
    await checkPage(page, 'sign-up-verify');

    await page.getByRole('textbox', { name: 'Código de 6 dígitos' }).fill('000000' === (await portal.lastCode(phone)) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verificar y entrar' }).click();
    await page.getByText('El código no es correcto. Revisa el mensaje de WhatsApp.').waitFor();
    await checkPage(page, 'sign-up-verify-wrong-code');

    await page.getByRole('textbox', { name: 'Código de 6 dígitos' }).fill(await portal.lastCode(phone));
    await page.getByRole('button', { name: 'Verificar y entrar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hola, Ana Pérez' }).waitFor();
    await checkPage(page, 'home');

    await page.getByRole('navigation').getByRole('link', { name: 'Mi perfil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mi perfil' }).waitFor();
    const [row] = await portal.sql<{ code: string }>(`SELECT c.code FROM customer c JOIN app_user u ON u.id = c.user_id WHERE u.username = $1`, [username]);
    expect(await page.getByText(row!.code, { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText(`${username}@example.com`).isVisible()).toBe(true);
    await checkPage(page, 'profile');
  });

  it.each([
    ['username', (c: PortalCustomer) => c.username],
    ['email', (c: PortalCustomer) => c.email],
    ['customer code', (c: PortalCustomer) => c.code],
  ])('signs a customer in with their %s', async (_kind, login) => {
    const page = await signedIn(login(customer));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Hola, ${customer.fullName}`);
    await page.context().close();
  });

  it('says a wrong password plainly next to the form and keeps the customer signed out', async () => {
    const { page } = await portal.newPage();
    await page.goto('/sign-in');
    await checkPage(page, 'sign-in');
    await page.getByRole('textbox', { name: 'Usuario, correo o código de cliente' }).fill(customer.username);
    await page.getByLabel('Contraseña', { exact: true }).fill('no-es-la-clave');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('alert').filter({ hasText: 'Usuario o contraseña incorrectos.' }).waitFor();
    await checkPage(page, 'sign-in-wrong-password');
    await page.goto('/profile');
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
  });

  it('says how long to wait once wrong passwords are throttled (TOO_MANY_ATTEMPTS with retryAfterSeconds)', async () => {
    const someone = await portal.newCustomer();
    const { page } = await portal.newPage();
    await page.goto('/sign-in');
    const alert = page.getByRole('alert').filter({ hasText: /./ });
    // The API allows 5 wrong passwords per login and IP, then blocks for a minute.
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await page.getByRole('textbox', { name: 'Usuario, correo o código de cliente' }).fill(someone.username);
      await page.getByLabel('Contraseña', { exact: true }).fill(`equivocada-${attempt}`);
      await page.getByRole('button', { name: 'Entrar' }).click();
      await page.waitForResponse((r) => r.url().includes('/sign-in') && r.request().method() === 'POST');
      await alert.waitFor();
    }
    await page.getByRole('alert').filter({ hasText: /Demasiados intentos. Podrás intentarlo de nuevo en (1 minuto|\d+ segundos)\./ }).waitFor();
    await checkPage(page, 'sign-in-throttled');
  });

  it('checks the sign-in form in the browser before sending it', async () => {
    const { page } = await portal.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('Este campo es obligatorio.').first().waitFor();
    expect(await page.getByRole('textbox', { name: 'Usuario, correo o código de cliente' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('sends a signed-out visitor of a customer page to sign-in and back to that page afterwards', async () => {
    const { page } = await portal.newPage();
    await page.goto('/profile');
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
    expect(new URL(page.url()).searchParams.get('redirectTo')).toBe('/profile');
    await page.getByRole('textbox', { name: 'Usuario, correo o código de cliente' }).fill(customer.code);
    await page.getByLabel('Contraseña', { exact: true }).fill(customer.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mi perfil' }).waitFor();
  });

  it('signs out: the API session ends and customer pages ask to sign in again', async () => {
    const openSessions = async () =>
      (await portal.sql(`SELECT s.id FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = $1 AND s.revoked_at IS NULL`, [customer.username])).length;
    const before = await openSessions();
    const page = await signedIn(customer.username);
    expect(await openSessions()).toBe(before + 1);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.getByRole('status').filter({ hasText: 'Cerraste sesión.' }).waitFor();
    expect(await openSessions()).toBe(before);
    await page.goto('/profile');
    await page.getByRole('heading', { name: 'Iniciar sesión' }).waitFor();
  });

  it('sends a customer whose API session ended elsewhere to sign-in, saying the session expired', async () => {
    const page = await signedIn(customer.email);
    // Away from the portal while the session ends (no page's live connection reacting first): the next page opened finds it ended.
    await page.goto('about:blank');
    await portal.sql(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'sign_out' WHERE user_id = (SELECT id FROM app_user WHERE username = $1)`, [customer.username]);
    // Written behind the API's back: it hears of it by NOTIFY (at most PRINCIPAL_CACHE_SECONDS later).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.goto('/profile');
    await page.getByRole('status').filter({ hasText: 'Tu sesión venció. Inicia sesión de nuevo.' }).waitFor();
  });

  it('resets a forgotten password with the WhatsApp code, refusing a wrong code next to the field', async () => {
    const someone = await portal.newCustomer();
    const { page } = await portal.newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: '¿Olvidaste tu contraseña?' }).click();
    await page.getByRole('heading', { name: 'Recuperar contraseña' }).waitFor();
    await checkPage(page, 'password-reset');
    await page.getByRole('textbox', { name: 'Usuario, correo o código de cliente' }).fill(someone.username);
    await page.getByRole('button', { name: 'Enviar código' }).click();
    await page.getByRole('heading', { name: 'Nueva contraseña' }).waitFor();
    await checkPage(page, 'password-reset-code');
    const code = await portal.lastCode(someone.phone);

    await page.getByRole('textbox', { name: 'Código de 6 dígitos' }).fill(code === '123456' ? '654321' : '123456');
    await page.getByLabel('Nueva contraseña', { exact: true }).fill('otra-clave-segura');
    await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await page.getByText('El código no es válido o venció. Pide uno nuevo.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Código de 6 dígitos' }).getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'password-reset-wrong-code');

    await page.getByRole('textbox', { name: 'Código de 6 dígitos' }).fill(code);
    await page.getByLabel('Nueva contraseña', { exact: true }).fill('otra-clave-segura');
    await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await page.getByRole('status').filter({ hasText: 'Tu contraseña cambió. Inicia sesión con la nueva.' }).waitFor();
    await page.context().close();
    await signedIn(someone.username, 'otra-clave-segura');
  });

  it('switches to English and back, and remembers the choice across pages', async () => {
    const { page } = await portal.newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Create account' }).waitFor();
    await checkPage(page, 'sign-up-en');
    await page.getByRole('button', { name: 'Español' }).click();
    await page.getByRole('heading', { name: 'Crear cuenta' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
  });

  it('speaks English to a browser that asks for it first, until the visitor chooses', async () => {
    const { page } = await portal.newPage({ locale: 'en-US' });
    await page.goto('/sign-in');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('answers an unknown page with the portal’s own 404 page, and an unknown API path with the API’s JSON 404', async () => {
    const { page } = await portal.newPage();
    const response = await page.goto('/no-such-page');
    expect(response!.status()).toBe(404);
    await page.getByRole('heading', { name: 'Página no encontrada' }).waitFor();
    await checkPage(page, 'not-found');
    const api = await fetch(`${portal.url}/health/x`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });

  it('refuses a form posted from another site', async () => {
    const response = await fetch(`${portal.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ login: customer.username, password: customer.password }),
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});
