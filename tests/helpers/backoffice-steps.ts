import type { Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { TINY_PNG } from './images';
import { staffLogin } from './staff-flow';
import type { StaffRole } from './test-api';
import { signInToBackoffice, type TestPortal } from './test-portal';

/**
 * The back-office steps the browser tests take as staff, by role and name as a person reads the screen (in
 * Spanish): signing a staff member in, sourcing a request in the China queue, pricing options, approving a
 * payment, registering and confirming a supplier payment, packages, boxes and tracking phases. Each step
 * waits for the screen's confirmation, so the next step starts from a settled page; the specs add their own
 * checks between steps.
 */

/** A fresh browser context at desktop size with `login` signed in to the back-office, then at `path` if given. */
export async function staffPageAs(portal: TestPortal, login: string, password: string, path?: string): Promise<Page> {
  const { page } = await portal.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/backoffice/');
  await signInToBackoffice(page, login, password);
  if (path) await page.goto(path);
  return page;
}

/** `staffPageAs` for the demo staff member of `role`. */
export const staffPage = (portal: TestPortal, role: StaffRole, path?: string) => staffPageAs(portal, staffLogin(role), DEMO_PASSWORD, path);

/** The live-region confirmation (role status) holding `text`. */
export const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });

/** Opens a workspace from the top navigation, e.g. "Logística". */
export async function openWorkspace(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link', { name }).click();
}

/** Opens a section of the logistics or payments workspace by its link, whose page heading has the same name. */
export async function openSection(page: Page, navigation: 'Secciones de logística' | 'Secciones de pagos', name: string): Promise<void> {
  await page.getByRole('navigation', { name: navigation }).getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** A calendar day `days` from now (yyyy-mm-dd in Caracas), as a date input takes it. */
export const dayFromNow = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Caracas' }).format(new Date(Date.now() + days * 86_400_000));

// —— China: sourcing ——

/** Opens request `number` from the China queue (or any list linking it) and waits for its page. */
export async function openRequest(page: Page, number: string): Promise<void> {
  await page.getByRole('link', { name: number }).click();
  await page.getByRole('heading', { level: 1, name: `Solicitud ${number}` }).waitFor();
}

/**
 * Fills the sourcing form: US$ 12.50 each, US$ 8 inside China, 50×40×30 cm, 3.2 kg (the volumetric 12 kg by
 * air is charged), 5 days' dispatch, a supplier link and an internal note.
 */
export async function fillSourcing(page: Page): Promise<void> {
  await page.getByLabel('Precio unitario del proveedor (US$)').fill('12,50');
  await page.getByLabel('Envío dentro de China hasta el almacén, total (US$)').fill('8');
  await page.getByLabel('Largo (cm)').fill('50');
  await page.getByLabel('Ancho (cm)').fill('40');
  await page.getByLabel('Alto (cm)').fill('30');
  await page.getByLabel('Peso real (kg)').fill('3,2');
  await page.getByLabel('Tiempo de despacho del proveedor (días)').fill('5');
  await page.getByLabel(/^Enlace del proveedor/).fill('https://detail.1688.com/offer/77.html');
  await page.getByLabel(/^Notas internas/).fill('Proveedor verificado');
}

/** Sends the filled sourcing form of request `number` and waits for the queue's confirmation. */
export async function sendSourcing(page: Page, number: string): Promise<void> {
  await page.getByRole('button', { name: 'Enviar a precios' }).click();
  await status(page, `La solicitud ${number} pasó a precios en Venezuela.`).waitFor();
}

/** The China agent's whole step from the queue: opens request `number`, takes it, fills the sourcing form and sends it to pricing. */
export async function sourceFromQueue(page: Page, number: string): Promise<void> {
  await openRequest(page, number);
  await page.getByRole('button', { name: 'Tomar la solicitud' }).click();
  await page.getByRole('button', { name: 'Tomar la solicitud' }).waitFor({ state: 'detached' });
  await fillSourcing(page);
  await sendSourcing(page, number);
}

// —— Venezuela: pricing ——

/** Opens request `number` from the pricing queue and waits for its pricing screen. */
export async function openPricing(page: Page, number: string): Promise<void> {
  await page.getByRole('link', { name: number }).click();
  await page.getByRole('heading', { level: 1, name: `Precio de la solicitud ${number}` }).waitFor();
}

/**
 * Fills the option of shipping `method` (its label, e.g. "Aéreo") on the pricing screen: the estimated
 * delivery `etaDays` from today and, with `override`, a final price (US$, as typed) and its reason.
 */
export async function priceOption(page: Page, method: string, option: { etaDays: number; override?: { price: string; reason: string } }): Promise<void> {
  const group = page.getByRole('group', { name: method });
  if (option.override) {
    await group.getByLabel(`Precio final ${method} (US$)`).fill(option.override.price);
    await group.getByLabel(new RegExp(`^Motivo del cambio de precio ${method}`)).fill(option.override.reason);
  }
  await group.getByLabel(`Entrega estimada ${method}`).fill(dayFromNow(option.etaDays));
}

/** Sends the quote of request `number` from its pricing screen (app only) and waits for the queue's confirmation. */
export async function sendQuote(page: Page, number: string): Promise<void> {
  await page.getByRole('button', { name: 'Enviar cotización' }).click();
  await status(page, `Cotización ${number} enviada al cliente.`).waitFor();
}

// —— Payment validator ——

/** Opens payment `reference` of order `number` from the payments queue and waits for its page. */
export async function openPayment(page: Page, reference: string, number: string): Promise<void> {
  await page.getByRole('link', { name: `Abrir el pago ${reference} de la orden ${number}` }).click();
  await page.getByRole('heading', { level: 1, name: `Pago ${reference} · orden ${number}` }).waitFor();
}

/** Approves the open payment and waits for the queue's confirmation. */
export async function approvePayment(page: Page, reference: string, number: string): Promise<void> {
  await page.getByRole('button', { name: 'Aprobar el pago' }).click();
  await status(page, `Aprobaste el pago ${reference} de la orden ${number}.`).waitFor();
}

/** Opens the supplier-payment form of order `number` on the "Pagos al proveedor" page; the form. */
export async function supplierPaymentForm(page: Page, number: string): Promise<Locator> {
  await page.getByRole('button', { name: `Registrar el pago al proveedor de la orden ${number}` }).click();
  return page.getByRole('form', { name: `Pago al proveedor de la orden ${number}` });
}

/** Registers the supplier payment of order `number` (opening its form when needed): currency, amount as typed, reference. */
export async function registerSupplierPayment(page: Page, number: string, payment: { currency: 'CNY' | 'USD'; amount: string; reference: string }): Promise<void> {
  const form = page.getByRole('form', { name: `Pago al proveedor de la orden ${number}` });
  if ((await form.count()) === 0) await supplierPaymentForm(page, number);
  await form.getByLabel('Moneda').selectOption(payment.currency);
  await form.getByLabel('Monto enviado').fill(payment.amount);
  await form.getByLabel('Referencia').fill(payment.reference);
  await form.getByRole('button', { name: 'Registrar el pago' }).click();
  await status(page, `Registraste el pago al proveedor de la orden ${number}.`).waitFor();
}

// —— Logistics ——

/** Confirms, on "Órdenes por comprar", that the supplier of order `number` was paid: the order is purchased. */
export async function confirmSupplierPayment(page: Page, number: string): Promise<void> {
  await page.getByRole('button', { name: `Confirmar el pago al proveedor de la orden ${number}` }).click();
  await status(page, `Confirmaste el pago al proveedor de la orden ${number}: quedó comprada.`).waitFor();
}

/** Opens the package form of order `number` on "Paquetes y cajas"; the form. */
export async function packageForm(page: Page, number: string): Promise<Locator> {
  await page.getByRole('button', { name: `Registrar un paquete de la orden ${number}` }).click();
  return page.getByRole('form', { name: `Nuevo paquete de la orden ${number}` });
}

export interface PackageValues {
  /** As typed, e.g. "3,4". */
  weight: string;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  repacked?: boolean;
  note?: string;
}

/**
 * Registers a package of order `number` (opening its form) and waits for the confirmation; `beforeSubmit`
 * runs on the filled form (e.g. a screenshot). The package number the screen gives back.
 */
export async function registerPackage(page: Page, number: string, values: PackageValues, beforeSubmit?: (form: Locator) => Promise<void>): Promise<string> {
  const form = await packageForm(page, number);
  await form.getByLabel('Peso (kg)').fill(values.weight);
  await form.getByLabel('Largo (cm)').fill(String(values.lengthCm));
  await form.getByLabel('Ancho (cm)').fill(String(values.widthCm));
  await form.getByLabel('Alto (cm)').fill(String(values.heightCm));
  if (values.repacked) await form.getByLabel('Reempacado en el almacén').check();
  if (values.note) await form.getByLabel('Nota (opcional)').fill(values.note);
  await beforeSubmit?.(form);
  await form.getByRole('button', { name: 'Registrar paquete' }).click();
  const done = status(page, new RegExp(`Registraste el paquete PK-\\d{4}-\\d{6} de la orden ${number}\\.`));
  await done.waitFor();
  return /PK-\d{4}-\d{6}/.exec((await done.textContent())!)![0];
}

/** Ticks the unboxed packages of `orderNumbers` (one each) and consolidates them into one new box; its number. */
export async function createBox(page: Page, orderNumbers: readonly string[]): Promise<string> {
  for (const number of orderNumbers) await page.getByRole('checkbox', { name: new RegExp(`de la orden ${number} para la caja$`) }).check();
  await page.getByRole('button', { name: `Crear caja con ${orderNumbers.length} paquetes` }).click();
  const done = status(page, /^Creaste la caja BX-\d{4}-\d{6} con los paquetes/);
  await done.waitFor();
  return /BX-\d{4}-\d{6}/.exec((await done.textContent())!)![0];
}

/** A box's row in the boxes list (its number heads the row). */
export const boxRow = (page: Page, box: string) => page.getByRole('row', { name: new RegExp(`^${box}`) });

export interface PhaseValues {
  /** The phase as the select shows it, e.g. "En almacén China". */
  label: string;
  place: string;
  note?: string;
  /** Attach one photo (a 1×1 PNG). */
  photo?: boolean;
}

/**
 * On the tracking page, records phase `label` for box `box` (every order in it) and waits for the
 * confirmation; `beforeSubmit` runs on the filled form.
 */
export async function recordBoxPhase(page: Page, box: string, values: PhaseValues, beforeSubmit?: (form: Locator) => Promise<void>): Promise<void> {
  await page.getByRole('button', { name: `Registrar una fase de la caja ${box}` }).click();
  const form = page.getByRole('form', { name: `Nueva fase de la caja ${box}` });
  await form.getByLabel('Fase alcanzada').selectOption({ label: values.label });
  await form.getByLabel('Lugar').fill(values.place);
  if (values.note) await form.getByLabel('Nota (opcional, la ve el cliente)').fill(values.note);
  if (values.photo) await form.getByLabel(/^Fotos/).setInputFiles({ name: 'caja.png', mimeType: 'image/png', buffer: TINY_PNG });
  await beforeSubmit?.(form);
  await form.getByRole('button', { name: 'Registrar fase' }).click();
  await status(page, `«${values.label}» para las órdenes`).waitFor();
}
