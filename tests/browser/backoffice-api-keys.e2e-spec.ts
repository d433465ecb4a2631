import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { insertOrder } from '../api/factories/orders';
import { staffLogin } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * The Master's "Claves de API" page in Debian's chromium against `npm start`: a customer key created (its
 * secret shown once, with a copy button and the warning), used by a third party over HTTP and seen as used in
 * the list, rotated (the old secret refused, the new one shown once) and revoked.
 */

describe('back-office: API keys for third parties', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
  });
  afterAll(() => portal?.stop());

  async function masterPage(): Promise<Page> {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/backoffice/');
    await signInToBackoffice(page, staffLogin('MASTER'), DEMO_PASSWORD);
    await page.goto('/backoffice/master/api-keys');
    await page.getByRole('heading', { level: 1, name: 'Claves de API' }).waitFor();
    return page;
  }

  /** What a third party's request with `key` answers: its status and first error code. */
  async function useKey(key: string): Promise<{ status: number; code?: string; orders?: number }> {
    const response = await fetch(`${portal.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ myOrders(first: 10) { totalCount } }' }),
    });
    const body = (await response.json()) as { data?: { myOrders: { totalCount: number } } | null; errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, code: body.errors?.[0]?.extensions?.code, orders: body.data?.myOrders.totalCount };
  }

  const shownSecret = async (page: Page) => page.getByRole('textbox', { name: 'Clave completa' }).inputValue();

  it('creates a customer key whose secret is shown once, then rotates and revokes it', async () => {
    const customer = await portal.newCustomer();
    const [{ id: customerId }] = (await portal.sql<{ id: string }>(`SELECT id FROM customer WHERE code = $1`, [customer.code])) as [{ id: string }];
    await insertOrder(portal, customerId);
    const page = await masterPage();

    await page.getByRole('textbox', { name: 'Nombre', exact: true }).fill('Tienda aliada');
    await page.getByRole('combobox', { name: 'Rol' }).first().selectOption({ label: 'Cliente' });
    await page.getByRole('button', { name: 'Crear clave' }).click();
    await page.getByText('Escribe el código del cliente.').waitFor();
    await page.getByText('Elige un día desde hoy y hasta dentro de un año.').waitFor();

    await page.getByRole('textbox', { name: 'Código del cliente' }).fill('MC-000000');
    await page.getByLabel('Vence el').fill(new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await page.getByRole('spinbutton', { name: /Solicitudes por minuto/ }).fill('30');
    await page.getByRole('button', { name: 'Crear clave' }).click();
    await page.getByText('No hay ningún cliente con ese código.').waitFor();

    await page.getByRole('textbox', { name: 'Código del cliente' }).fill(customer.code);
    await page.getByRole('button', { name: 'Crear clave' }).click();
    await page.getByRole('heading', { name: 'Clave «Tienda aliada» creada' }).waitFor();
    await page.getByText('Copia la clave ahora: no se volverá a mostrar.').waitFor();
    await page.getByRole('button', { name: 'Copiar clave' }).waitFor();
    const secret = await shownSecret(page);
    expect(secret).toMatch(/^mk_live_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const row = page.getByRole('row', { name: /Tienda aliada/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Nunca');
    expect(await row.textContent()).toContain(`Actúa como ${customer.code}`);
    await checkPage(page, 'backoffice-master-api-key-created');

    expect(await useKey(secret)).toEqual({ status: 200, code: undefined, orders: 1 });
    await page.getByRole('button', { name: 'Ya la guardé' }).click();
    await page.getByRole('textbox', { name: 'Clave completa' }).waitFor({ state: 'detached' });
    await page.reload();
    await row.waitFor();
    expect(await row.textContent()).not.toContain('Nunca');

    await page.getByRole('button', { name: 'Rotar la clave Tienda aliada' }).click();
    await page.getByRole('combobox', { name: 'La clave anterior deja de funcionar' }).selectOption({ label: 'De inmediato' });
    await page.getByRole('button', { name: 'Rotar y mostrar la nueva' }).click();
    await page.getByRole('heading', { name: 'Nueva clave para «Tienda aliada»' }).waitFor();
    const rotated = await shownSecret(page);
    expect(rotated).not.toBe(secret);
    expect((await useKey(secret)).code).toBe('UNAUTHENTICATED');
    expect((await useKey(rotated)).status).toBe(200);

    await page.getByRole('button', { name: 'Revocar la clave Tienda aliada' }).click();
    await page.getByRole('button', { name: 'Sí, revocar' }).click();
    await row.getByText('Revocada').waitFor();
    expect((await useKey(rotated)).code).toBe('UNAUTHENTICATED');
    await page.getByRole('button', { name: 'Ya la guardé' }).click();
    await checkPage(page, 'backoffice-master-api-keys');
  });
});
