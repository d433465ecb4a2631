import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import type { StaffRole } from '../helpers/test-api';
import { CreateRequest, customerApi, requestInput, staff, StaffFlow, staffLogin, StartSourcing, SubmitPayment, SubmitSourcing, uploadAs } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * What each staff role sees of the back-office (issue 7: "each role's pages and actions are hidden from the
 * other roles in the UI"): the navigation lists exactly the workspaces its permissions open, and every page of
 * a workspace or section it may not open — addressed directly, with a real record — is the not-allowed page.
 * Who holds which permission comes from the API's `rolePermissions`; which permission opens what is the
 * registry's (backoffice/src/workspaces/registry.tsx), written out here.
 */

const ROLES: readonly StaffRole[] = ['CHINA_AGENT', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR', 'MASTER'];
const NOT_ALLOWED = 'Página no disponible';

/**
 * The workspaces in navigation order: their name and the permissions that open them (any one). Those opened
 * by their first (main) permission come first, then those opened by another (the Master reads survey
 * results in the Venezuela workspace, after their own).
 */
const WORKSPACES = [
  { label: 'Cola de China', permissions: ['quote:source'] },
  { label: 'Precios Venezuela', permissions: ['quote:price', 'survey:read:any'] },
  { label: 'Pagos', permissions: ['payment:validate'] },
  { label: 'Logística', permissions: ['tracking:record'] },
  { label: 'Master', permissions: ['settings:write'] },
  { label: 'Inventario', permissions: ['inventory:read'] },
  { label: 'Tickets', permissions: ['ticket:work'] },
  // Support chat (issue 10).
  { label: 'Chat de soporte', permissions: ['support-chat:answer'] },
  { label: 'Trazabilidad', permissions: ['trace:unit:register', 'trace:unit:event', 'trace:anchoring', 'trace:unit:sell'] },
] as const;

/** The logistics sections in order, and the permission each one's operations need. */
const LOGISTICS_SECTIONS = [
  { label: 'Órdenes por comprar', permission: 'supplier-payment:confirm' },
  { label: 'Paquetes y cajas', permission: 'logistics:packages' },
  { label: 'Seguimiento', permission: 'tracking:record' },
] as const;

/** A page of each workspace (its deepest, on a real record, where there is one): its address, its heading, and every permission it needs. */
interface StaffPage {
  path: string;
  heading: string;
  needs: readonly string[];
}

describe('back-office permissions: what each role may open', () => {
  let portal: TestPortal;
  let granted: Map<string, ReadonlySet<string>>;
  let pages: StaffPage[];

  beforeAll(async () => {
    portal = await startTestPortal();
    const flow = new StaffFlow(() => portal);
    const buyer = await customerApi(portal, await portal.newCustomer());
    const master = await staff(portal, 'MASTER');
    const { rolePermissions } = await master.ok<{ rolePermissions: { role: string; permissions: string[] }[] }, unknown>('{ rolePermissions { role permissions } }');
    granted = new Map(rolePermissions.map((r) => [r.role, new Set(r.permissions)]));

    const { createPurchaseRequest: toSource } = await buyer.ok(CreateRequest, { input: requestInput({ description: 'Lámpara de mesa' }) });
    const { createPurchaseRequest: toPrice } = await buyer.ok(CreateRequest, { input: requestInput({ description: 'Ventilador de techo' }) });
    const china = await flow.as('CHINA_AGENT');
    await china.ok(StartSourcing, { id: toPrice.id });
    await china.ok(SubmitSourcing, {
      id: toPrice.id,
      input: { supplierUnitPriceMinor: 1250, chinaShippingMinor: 800, lengthCm: 50, widthCm: 40, heightCm: 30, weightKg: '3.2', supplierDispatchDays: 3 },
    });
    const order = await flow.acceptedOrder(buyer);
    const { submitPayment } = await buyer.ok(SubmitPayment, {
      input: { orderId: order.orderId, method: 'ZELLE', amountMinor: order.usdPayableMinor, reference: 'ZL-5150', proofUploadId: await uploadAs(portal, buyer) },
    });

    pages = [
      { path: `/china/requests/${toSource.id}`, heading: `Solicitud ${toSource.number}`, needs: ['quote:source'] },
      { path: `/venezuela/requests/${toPrice.id}`, heading: `Precio de la solicitud ${toPrice.number}`, needs: ['quote:price'] },
      { path: `/payments/payment/${submitPayment.id}`, heading: `Pago ZL-5150 · orden ${order.number}`, needs: ['payment:validate'] },
      { path: '/logistics/tracking', heading: 'Seguimiento', needs: ['tracking:record'] },
      // The China-only sections of the logistics workspace, which Venezuela agents open too.
      { path: '/logistics/purchases', heading: 'Órdenes por comprar', needs: ['tracking:record', 'supplier-payment:confirm'] },
      { path: '/logistics/packages', heading: 'Paquetes y cajas', needs: ['tracking:record', 'logistics:packages'] },
      { path: '/master/users', heading: 'Usuarios y roles', needs: ['settings:write'] },
      { path: '/inventory/sales', heading: 'Ventas directas', needs: ['inventory:read'] },
      { path: '/tickets', heading: 'Tickets de soporte', needs: ['ticket:work'] },
      { path: '/support', heading: 'Chats de soporte', needs: ['support-chat:answer'] },
      // Every role with a traceability permission holds trace:unit:event (permission.ts), which opens it.
      { path: '/trace', heading: 'Unidades trazables', needs: ['trace:unit:event'] },
    ];
  }, 120_000);
  afterAll(() => portal?.stop());

  /** The page's main heading once it has one (a loading page has none yet). */
  async function mainHeading(page: Page): Promise<string> {
    const heading = page.getByRole('main').getByRole('heading', { level: 1 });
    await heading.waitFor();
    return (await heading.textContent())!.trim();
  }

  let notAllowedChecked = false;

  it.each(ROLES)(
    'the %s sees exactly the workspaces and sections of their permissions, and any other page opened by its address is not allowed',
    async (role) => {
      const can = (permission: string) => granted.get(role)!.has(permission);
      const { page } = await portal.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto('/backoffice/');
      await signInToBackoffice(page, staffLogin(role), DEMO_PASSWORD);
      const nav = page.getByRole('navigation', { name: 'Espacios de trabajo' });
      await nav.getByRole('link').first().waitFor();
      const main = WORKSPACES.filter((w) => can(w.permissions[0]));
      const other = WORKSPACES.filter((w) => !main.includes(w) && w.permissions.some(can));
      expect(await nav.getByRole('link').allTextContents()).toEqual([...main, ...other].map((w) => w.label));

      const seen: Record<string, string> = {};
      for (const target of pages) {
        await page.goto(`/backoffice${target.path}`);
        seen[target.path] = await mainHeading(page);
        if (seen[target.path] === NOT_ALLOWED && !notAllowedChecked) {
          notAllowedChecked = true;
          await checkPage(page, 'backoffice-not-allowed');
        }
        if (target.path === '/logistics/tracking' && can('tracking:record')) {
          const sections = page.getByRole('navigation', { name: 'Secciones de logística' }).getByRole('link');
          expect(await sections.allTextContents()).toEqual(LOGISTICS_SECTIONS.filter((s) => can(s.permission)).map((s) => s.label));
        }
      }
      expect(seen).toEqual(Object.fromEntries(pages.map((p) => [p.path, p.needs.every(can) ? p.heading : NOT_ALLOWED])));
      await page.context().close();
    },
    120_000,
  );

  it('every page is opened by at least one role and refused to another (the table above tests something)', () => {
    for (const target of pages) {
      const opens = ROLES.map((role) => target.needs.every((p) => granted.get(role)!.has(p)));
      expect([target.path, opens.includes(true), opens.includes(false)]).toEqual([target.path, true, true]);
    }
  });
});
