import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import type { GqlClient } from '../helpers/client';
import { staff, staffLogin } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * The Inventario workspace in the back-office against `npm start`: a seller signs in, asks for more units than a
 * store has and reads INSUFFICIENT_STOCK in plain words next to the line, records the sale, voids it, and sees
 * the units back in the product's stock per location. Every page of the workspace passes `checkPage`.
 */

const STOCK = 'query($id: ID!) { product(id: $id) { stock { location { id } quantity } } }';

describe('back-office: inventory and direct sales', () => {
  let portal: TestPortal;
  let master: GqlClient;
  let productId: string;
  let storeId: string;
  const sku = `KIT-${randomUUID().slice(0, 6).toUpperCase()}`;

  beforeAll(async () => {
    portal = await startTestPortal();
    master = await staff(portal, 'MASTER');
    const { createStockLocation } = await master.ok<{ createStockLocation: { id: string } }, unknown>(
      'mutation($input: CreateLocationInput!) { createStockLocation(input: $input) { id } }', { input: { code: 'TDA-PRUEBA', name: 'Tienda de prueba', kind: 'STORE' } });
    storeId = createStockLocation.id;
    const { createProduct } = await master.ok<{ createProduct: { id: string } }, unknown>('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
      input: { sku, name: 'Kit de acuarela', category: 'Kits', priceMinor: 1500, currency: 'USD', kind: 'PHYSICAL', lowStockThreshold: 1 },
    });
    productId = createProduct.id;
    await master.ok('mutation($input: StockEntryInput!) { recordStockEntry(input: $input) { id } }', { input: { productId, locationId: storeId, quantity: 3 } });
  });
  afterAll(() => portal?.stop());

  const storeStock = async () =>
    (await master.ok<{ product: { stock: { location: { id: string }; quantity: number }[] } }, unknown>(STOCK, { id: productId })).product.stock.find((s) => s.location.id === storeId)?.quantity;
  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  it('a seller is refused for too many units with the words next to the line, sells, voids the sale and sees the stock return', async () => {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/backoffice/');
    await signInToBackoffice(page, staffLogin('SALES'), DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link', { name: 'Inventario' }).click();
    await heading(page, 'Productos');
    await page.getByRole('link', { name: sku }).waitFor();
    await checkPage(page, 'backoffice-inventory-products');

    const sections = page.getByRole('navigation', { name: 'Secciones de inventario' });
    await sections.getByRole('link', { name: 'Nueva venta' }).click();
    await heading(page, 'Nueva venta');
    await page.getByRole('textbox', { name: 'O nombre del cliente de paso' }).fill('Cliente de mostrador');
    const product = page.getByRole('combobox', { name: 'Producto (línea 1)' });
    await product.locator('option', { hasText: sku }).waitFor({ state: 'attached' });
    await product.selectOption({ label: (await product.locator('option', { hasText: sku }).textContent())!.trim() });
    await page.getByRole('combobox', { name: 'Ubicación (línea 1)' }).selectOption({ label: 'TDA-PRUEBA · Tienda de prueba' });
    await page.getByText('Disponible aquí: 3').waitFor();
    await page.getByRole('textbox', { name: 'Cantidad (línea 1)' }).fill('5');
    await page.getByRole('button', { name: 'Registrar venta' }).click();
    const line = page.getByRole('group', { name: 'Línea 1' });
    await line.getByRole('alert').filter({ hasText: 'Stock insuficiente de Kit de acuarela' }).waitFor();
    expect(await line.getByRole('alert').textContent()).toBe(`Stock insuficiente de Kit de acuarela (${sku}) en Tienda de prueba: pediste 5 unidades y hay 3 unidades disponibles.`);
    await checkPage(page, 'backoffice-inventory-new-sale');
    expect(await storeStock()).toBe(3);

    await page.getByRole('textbox', { name: 'Cantidad (línea 1)' }).fill('2');
    await page.getByRole('button', { name: 'Registrar venta' }).click();
    await heading(page, /^Venta VD-/);
    await page.getByText('Estado de pago: Pendiente').waitFor();
    expect(await storeStock()).toBe(1);
    await checkPage(page, 'backoffice-inventory-sale');

    await page.getByRole('textbox', { name: 'Motivo de la anulación' }).fill('El cliente desistió');
    await page.getByRole('button', { name: 'Anular venta' }).click();
    await page.getByText('Estado de pago: Anulada').waitFor();
    expect(await storeStock()).toBe(3);

    await page.getByRole('link', { name: sku }).click();
    await heading(page, /Kit de acuarela/);
    const stock = page.getByRole('table', { name: 'Stock por ubicación' });
    await stock.getByRole('row', { name: /TDA-PRUEBA/ }).getByRole('cell', { name: '3', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'Anulación de venta' }).waitFor();
    await checkPage(page, 'backoffice-inventory-product');

    for (const [link, title, name] of [
      ['Ventas', 'Ventas directas', 'backoffice-inventory-sales'],
      ['Movimientos', 'Movimientos de stock', 'backoffice-inventory-movements'],
      ['Alertas de stock', 'Alertas de stock bajo', 'backoffice-inventory-low-stock'],
    ] as const) {
      await sections.getByRole('link', { name: link, exact: true }).click();
      await heading(page, title);
      await page.getByRole('status').filter({ hasText: /\d/ }).first().waitFor();
      await checkPage(page, name);
    }
    await page.context().close();
  }, 180_000);
});
