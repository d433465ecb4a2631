import type { Locator, Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import type { GqlClient } from '../helpers/client';
import { staff, staffLogin } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * The Master manages inventory from the back-office against `npm start`: creates a location and a product (an
 * SKU in use is refused next to its field), records goods received, transfers part to another location (a
 * transfer to the same place, and one of more than there is, are refused in plain words next to their field),
 * adjusts with its required reason, edits the product; the stock per location follows live and always equals the
 * sum of the movements, and a stock row changed behind the books' back shows as a drift notice. A seller sees the
 * same pages without any of these actions. Every page and form added passes `checkPage`.
 */

const PRODUCT = 'query($id: ID!) { product(id: $id) { priceMinor lowStockThreshold active stock { location { code } quantity } } stockDrift { productId } }';
type ProductAnswer = { product: { priceMinor: number; lowStockThreshold: number; active: boolean; stock: { location: { code: string }; quantity: number }[] }; stockDrift: unknown[] };

describe('back-office: the Master manages products, locations and stock', () => {
  let portal: TestPortal;
  let master: GqlClient;
  const takenSku = `TAKEN-${randomUUID().slice(0, 6).toUpperCase()}`;
  const sku = `ACR-${randomUUID().slice(0, 6).toUpperCase()}`;
  let productId = '';

  beforeAll(async () => {
    portal = await startTestPortal();
    master = await staff(portal, 'MASTER');
    await master.ok('mutation($input: CreateLocationInput!) { createStockLocation(input: $input) { id } }', { input: { code: 'TDA-DESTINO', name: 'Tienda destino', kind: 'STORE' } });
    await master.ok('mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', {
      input: { sku: takenSku, name: 'Producto existente', category: 'Materiales', priceMinor: 100, currency: 'USD', kind: 'PHYSICAL' },
    });
  });
  afterAll(() => portal?.stop());

  const heading = (page: Page, name: string | RegExp, level = 1) => page.getByRole('heading', { level, name }).waitFor();
  /** The text of the element(s) a control names in `aria-describedby`: its hint and its error. */
  const descriptionOf = async (page: Page, control: Locator) => {
    const ids = ((await control.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
    return texts.join(' ');
  };
  /** Chooses the option of a location select that shows `code` (its text also says how many there are). */
  const chooseLocation = async (select: Locator, code: string) => {
    const value = await select.locator('option', { hasText: code }).getAttribute('value');
    await select.selectOption(value!);
  };
  const stockCell = (page: Page, code: string, quantity: number) =>
    page.getByRole('table', { name: 'Stock por ubicación' }).getByRole('row', { name: new RegExp(code) }).getByRole('cell', { name: String(quantity), exact: true });
  const stockOf = async () => {
    const { product, stockDrift } = await master.ok<ProductAnswer, unknown>(PRODUCT, { id: productId });
    return { ...product, stock: Object.fromEntries(product.stock.map((s) => [s.location.code, s.quantity])), stockDrift };
  };

  it('creates a location and a product, records an entry, transfers and adjusts with refusals next to their fields, and edits the product', async () => {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/backoffice/');
    await signInToBackoffice(page, staffLogin('MASTER'), DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link', { name: 'Inventario' }).click();
    await heading(page, 'Productos');
    const sections = page.getByRole('navigation', { name: 'Secciones de inventario' });

    // A new location through the form; the list shows it.
    await sections.getByRole('link', { name: 'Ubicaciones' }).click();
    await heading(page, 'Ubicaciones');
    const newLocation = page.getByRole('form', { name: 'Nueva ubicación' });
    await newLocation.getByRole('button', { name: 'Crear ubicación' }).click();
    await newLocation.getByText('Este campo es obligatorio.').first().waitFor();
    expect(await descriptionOf(page, newLocation.getByRole('textbox', { name: 'Código' }))).toContain('Este campo es obligatorio.');
    await newLocation.getByRole('textbox', { name: 'Código' }).fill('alm prueba');
    await newLocation.getByRole('textbox', { name: 'Nombre' }).fill('Almacén de prueba');
    await newLocation.getByRole('combobox', { name: 'Tipo de ubicación' }).selectOption({ label: 'Almacén' });
    await newLocation.getByRole('button', { name: 'Crear ubicación' }).click();
    await page.getByRole('status').filter({ hasText: 'Ubicación ALM-PRUEBA creada.' }).waitFor();
    await page.getByRole('table', { name: 'Almacenes, tiendas y sedes' }).getByRole('rowheader', { name: 'ALM-PRUEBA' }).waitFor();
    await checkPage(page, 'backoffice-inventory-locations');

    // A new product: an SKU in use is refused next to the SKU, in plain words.
    await sections.getByRole('link', { name: 'Productos', exact: true }).click();
    await page.getByRole('link', { name: 'Nuevo producto' }).click();
    await heading(page, 'Nuevo producto');
    await page.getByRole('radio', { name: 'Taller o servicio (cupos)' }).check();
    await page.getByRole('button', { name: 'Crear producto' }).click();
    await page.getByText('Elige la sede donde se dicta.').waitFor();
    expect(await descriptionOf(page, page.getByRole('textbox', { name: 'Cupos' }))).toContain('Este campo es obligatorio.');
    expect(await descriptionOf(page, page.getByRole('combobox', { name: 'Sede' }))).toContain('Elige la sede donde se dicta.');
    await checkPage(page, 'backoffice-inventory-new-product');
    await page.getByRole('radio', { name: 'Producto físico' }).check();
    const skuBox = page.getByRole('textbox', { name: 'SKU' });
    await skuBox.fill(takenSku.toLowerCase());
    await page.getByRole('textbox', { name: 'Nombre' }).fill('Lámina de acrílico');
    await page.getByRole('combobox', { name: 'Categoría' }).fill('Materiales');
    await page.getByRole('textbox', { name: 'Precio' }).fill('12,50');
    await page.getByRole('textbox', { name: 'Alerta de stock bajo en' }).fill('2');
    await page.getByRole('button', { name: 'Crear producto' }).click();
    await page.getByText('Ya existe un producto con ese SKU.').waitFor();
    expect(await descriptionOf(page, skuBox)).toContain('Ya existe un producto con ese SKU.');
    await skuBox.fill(sku);
    await page.getByRole('button', { name: 'Crear producto' }).click();
    await heading(page, /Lámina de acrílico/);
    await page.getByRole('status').filter({ hasText: 'Producto creado.' }).waitFor();
    productId = /products\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    expect(await stockOf()).toMatchObject({ priceMinor: 1250, lowStockThreshold: 2, stock: {} });

    // Goods received at the warehouse: the stock per location follows live.
    await page.getByRole('button', { name: 'Registrar entrada' }).click();
    const entry = page.getByRole('form', { name: 'Registrar entrada' });
    await chooseLocation(entry.getByRole('combobox', { name: 'Ubicación' }), 'ALM-PRUEBA');
    await entry.getByRole('textbox', { name: 'Unidades recibidas' }).fill('10');
    await entry.getByRole('textbox', { name: /Nota/ }).fill('Guía 123, Acrílicos del Centro');
    await checkPage(page, 'backoffice-inventory-entry');
    await entry.getByRole('button', { name: 'Guardar entrada' }).click();
    await page.getByRole('status').filter({ hasText: 'Entrada registrada: 10 en ALM-PRUEBA.' }).waitFor();
    await stockCell(page, 'ALM-PRUEBA', 10).waitFor();

    // A transfer to the same place, then one of more than there is: refused next to their fields.
    await page.getByRole('button', { name: 'Transferir' }).click();
    const transfer = page.getByRole('form', { name: 'Transferir' });
    await chooseLocation(transfer.getByRole('combobox', { name: 'Desde' }), 'ALM-PRUEBA');
    await chooseLocation(transfer.getByRole('combobox', { name: 'Hacia' }), 'ALM-PRUEBA');
    await transfer.getByRole('textbox', { name: 'Unidades a transferir' }).fill('4');
    await transfer.getByRole('button', { name: 'Confirmar transferencia' }).click();
    await transfer.getByText('El origen y el destino de la transferencia son el mismo lugar: elige otro destino.').waitFor();
    expect(await descriptionOf(page, transfer.getByRole('combobox', { name: 'Hacia' }))).toBe('El origen y el destino de la transferencia son el mismo lugar: elige otro destino.');
    await checkPage(page, 'backoffice-inventory-transfer');
    await chooseLocation(transfer.getByRole('combobox', { name: 'Hacia' }), 'TDA-DESTINO');
    await transfer.getByRole('textbox', { name: 'Unidades a transferir' }).fill('50');
    await transfer.getByRole('button', { name: 'Confirmar transferencia' }).click();
    const tooMany = `Stock insuficiente de Lámina de acrílico (${sku}) en Almacén de prueba: pediste 50 unidades y hay 10 unidades disponibles.`;
    await transfer.getByText(tooMany).waitFor();
    expect(await descriptionOf(page, transfer.getByRole('textbox', { name: 'Unidades a transferir' }))).toBe(tooMany);
    expect((await stockOf()).stock).toEqual({ 'ALM-PRUEBA': 10 });
    await transfer.getByRole('textbox', { name: 'Unidades a transferir' }).fill('4');
    await transfer.getByRole('button', { name: 'Confirmar transferencia' }).click();
    await page.getByRole('status').filter({ hasText: 'Transferencia registrada: 4 de ALM-PRUEBA a TDA-DESTINO.' }).waitFor();
    await stockCell(page, 'ALM-PRUEBA', 6).waitFor();
    await stockCell(page, 'TDA-DESTINO', 4).waitFor();

    // An adjustment needs its reason.
    await page.getByRole('button', { name: 'Ajustar' }).click();
    const adjust = page.getByRole('form', { name: 'Ajustar' });
    await chooseLocation(adjust.getByRole('combobox', { name: 'Ubicación' }), 'TDA-DESTINO');
    await adjust.getByRole('combobox', { name: 'Tipo de ajuste' }).selectOption({ label: 'Restar unidades' });
    await adjust.getByRole('textbox', { name: 'Unidades a ajustar' }).fill('1');
    await adjust.getByRole('button', { name: 'Guardar ajuste' }).click();
    const reason = adjust.getByRole('textbox', { name: 'Motivo' });
    await adjust.getByText('Indica el motivo del ajuste (al menos 3 caracteres).').waitFor();
    expect(await descriptionOf(page, reason)).toContain('Indica el motivo del ajuste (al menos 3 caracteres).');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'backoffice-inventory-adjust');
    await reason.fill('Rotura en exhibición');
    await adjust.getByRole('button', { name: 'Guardar ajuste' }).click();
    await page.getByRole('status').filter({ hasText: 'Ajuste registrado: −1 en TDA-DESTINO.' }).waitFor();
    await stockCell(page, 'TDA-DESTINO', 3).waitFor();
    await page.getByRole('cell', { name: 'Rotura en exhibición' }).waitFor();
    expect(await stockOf()).toMatchObject({ stock: { 'ALM-PRUEBA': 6, 'TDA-DESTINO': 3 }, stockDrift: [] });
    await checkPage(page, 'backoffice-inventory-product-manage');

    // Editing the product.
    await page.getByRole('link', { name: 'Editar producto' }).click();
    await heading(page, `Editar producto ${sku}`);
    await page.getByRole('textbox', { name: 'Precio (USD)' }).fill('');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByText('Este campo es obligatorio.').waitFor();
    expect(await descriptionOf(page, page.getByRole('textbox', { name: 'Precio (USD)' }))).toContain('Este campo es obligatorio.');
    await checkPage(page, 'backoffice-inventory-edit-product');
    await page.getByRole('textbox', { name: 'Precio (USD)' }).fill('13');
    await page.getByRole('textbox', { name: 'Alerta de stock bajo en' }).fill('5');
    await page.getByRole('checkbox', { name: 'A la venta (activo)' }).uncheck();
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByRole('status').filter({ hasText: 'Cambios guardados.' }).waitFor();
    await heading(page, /Lámina de acrílico/);
    expect(await stockOf()).toMatchObject({ priceMinor: 1300, lowStockThreshold: 5, active: false });

    // A stock row edited behind the books' back: the Master's products page says so.
    await page.getByRole('navigation', { name: 'Secciones de inventario' }).getByRole('link', { name: 'Productos', exact: true }).click();
    await heading(page, 'Productos');
    await page.getByRole('link', { name: sku }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await portal.sql(`UPDATE stock SET quantity = quantity + 2 FROM stock_location l WHERE l.id = stock.location_id AND l.code = 'ALM-PRUEBA' AND stock.product_id = $1`, [productId]);
    await page.reload();
    const drift = page.getByRole('alert').filter({ hasText: 'Atención: 1 registro de stock no coincide con la suma de sus movimientos.' });
    await drift.waitFor();
    expect(await drift.getByRole('link').textContent()).toBe('Producto en ALM-PRUEBA: stock 8, suma de movimientos 6');
    await checkPage(page, 'backoffice-inventory-products-drift');
    await page.context().close();
  }, 240_000);

  it('a seller sees the products, a product and the locations without the actions that change them', async () => {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/backoffice/');
    await signInToBackoffice(page, staffLogin('SALES'), DEMO_PASSWORD);
    await page.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link', { name: 'Inventario' }).click();
    await heading(page, 'Productos');
    await page.getByRole('link', { name: takenSku }).waitFor();
    expect(await page.getByRole('link', { name: 'Nuevo producto' }).count()).toBe(0);

    await page.getByRole('link', { name: takenSku }).click();
    await heading(page, /Producto existente/);
    await page.getByRole('heading', { level: 2, name: 'Movimientos del producto' }).waitFor();
    for (const name of ['Registrar entrada', 'Ajustar', 'Transferir']) expect(await page.getByRole('button', { name }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Editar producto' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Secciones de inventario' }).getByRole('link', { name: 'Ubicaciones' }).click();
    await page.getByRole('table', { name: 'Almacenes, tiendas y sedes' }).getByRole('rowheader', { name: 'TDA-DESTINO' }).waitFor();
    expect(await page.getByRole('form', { name: 'Nueva ubicación' }).count()).toBe(0);
    await page.context().close();
  }, 120_000);
});
