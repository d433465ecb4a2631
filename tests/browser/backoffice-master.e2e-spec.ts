import { randomInt, randomUUID } from 'node:crypto';
import { insertOrder } from '../api/factories/orders';
import { graphql } from '../graphql/generated';
import { staffPage } from '../helpers/backoffice-steps';
import { apiAs, CreateRequest, customerApi, requestInput, staff, watchLive } from '../helpers/staff-flow';
import { checkPage, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * The Master's back-office workspace in Debian's chromium against `npm start`: the exchange rate changed with
 * a reason and seen in the history, a staff user created with a role (who can then sign in with it), the
 * audit log filtered, an alert for waiting work appearing live, the operations overview, and everyone else kept out.
 */

const UpdateParameters = graphql(`
  mutation BackofficeMasterUpdateParameters($input: UpdateBusinessParametersInput!, $expectedVersion: Int!) {
    updateBusinessParameters(input: $input, expectedVersion: $expectedVersion) { version }
  }
`);
const CreateStaffUser = graphql(`
  mutation BackofficeMasterCreateStaffUser($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }
`);
const Overview = graphql(`
  query BackofficeMasterOverview { operationsOverview { paymentsPending } }
`);
const Me = graphql(`
  query BackofficeMasterMe { me { roles permissions } }
`);

describe('back-office: the Master workspace', () => {
  let portal: TestPortal;

  // The staff-alert sweep every 2 s, so an overdue request is alerted while the test watches.
  beforeAll(async () => {
    portal = await startTestPortal({ SWEEP_INTERVAL_SECONDS: '2' });
  });
  afterAll(() => portal?.stop());

  const currentVersion = async () => (await portal.sql<{ version: number }>(`SELECT max(version) AS version FROM business_parameters`))[0]!.version;

  it('lets the Master change the exchange rate only with a reason, and shows who changed it, when and why in the history', async () => {
    const page = await staffPage(portal, 'MASTER');
    await page.getByRole('heading', { level: 1, name: 'Parámetros del negocio' }).waitFor();
    expect(page.url()).toBe(`${portal.url}/backoffice/master`);
    const before = await currentVersion();
    await checkPage(page, 'backoffice-master-parameters');

    const rate = page.getByRole('textbox', { name: 'Tasa de cambio (Bs. por US$)' });
    await rate.fill('41,25');
    await page.getByRole('button', { name: 'Guardar nueva versión' }).click();
    await page.getByText('Explica el motivo del cambio (al menos 3 caracteres).').waitFor();
    expect(await currentVersion()).toBe(before);

    await page.getByRole('textbox', { name: 'Motivo del cambio' }).fill('Ajuste a la tasa oficial del BCV');
    await page.getByRole('button', { name: 'Guardar nueva versión' }).click();
    await page.getByRole('status').filter({ hasText: `Listo: la versión ${before + 1} está en vigor.` }).waitFor();
    const row = page.getByRole('row', { name: /Ajuste a la tasa oficial del BCV/ });
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Marta Master');
    expect(text).toMatch(/Tasa de cambio \(Bs\. por US\$\): [\d.]+ → 41\.25/);
    const [stored] = await portal.sql<{ ves_per_usd: string; change_reason: string }>(`SELECT ves_per_usd, change_reason FROM business_parameters WHERE version = $1`, [before + 1]);
    expect(stored).toEqual({ ves_per_usd: '41.250000', change_reason: 'Ajuste a la tasa oficial del BCV' });
    // The form starts again from the version now in force.
    expect(await rate.inputValue()).toBe('41.25');
  });

  it('lets the Master change a support SLA within the API\'s range, and shows the change in the history', async () => {
    const page = await staffPage(portal, 'MASTER');
    await page.getByRole('group', { name: 'Soporte' }).waitFor();
    const before = await currentVersion();
    const urgent = page.getByRole('textbox', { name: 'SLA primera respuesta, urgente (minutos)' });
    const was = await urgent.inputValue();
    const next = was === '20' ? '25' : '20';
    await urgent.fill('0');
    await page.getByRole('textbox', { name: 'Motivo del cambio' }).fill('Urgentes: respuesta más rápida');
    await page.getByRole('button', { name: 'Guardar nueva versión' }).click();
    await page.getByText('Escribe un número entero de 1 a 525600.').waitFor();
    expect(await currentVersion()).toBe(before);

    await urgent.fill(next);
    await page.getByRole('button', { name: 'Guardar nueva versión' }).click();
    await page.getByRole('status').filter({ hasText: `Listo: la versión ${before + 1} está en vigor.` }).waitFor();
    const row = page.getByRole('row', { name: /Urgentes: respuesta más rápida/ });
    expect(await row.textContent()).toContain(`SLA primera respuesta, urgente (minutos): ${was} → ${next}`);
    const [stored] = await portal.sql<{ minutes: number }>(`SELECT sla_first_response_minutes_urgent AS minutes FROM business_parameters WHERE version = $1`, [before + 1]);
    expect(stored!.minutes).toBe(Number(next));
    await checkPage(page, 'backoffice-master-parameters-support');
  });

  it('lets the Master create a staff user with a role, who can then sign in with what that role allows', async () => {
    const page = await staffPage(portal, 'MASTER', '/backoffice/master/users');
    await page.getByRole('heading', { level: 1, name: 'Usuarios y roles' }).waitFor();
    await page.getByRole('term').filter({ hasText: 'Agente en China' }).waitFor();
    const username = `agente${randomInt(1e6)}`;
    await page.getByRole('textbox', { name: 'Nombre y apellido' }).fill('Wang Fang');
    await page.getByRole('textbox', { name: 'Nombre de usuario' }).fill(username);
    await page.getByLabel('Contraseña inicial').fill('clave-segura-china');
    await page.getByRole('button', { name: 'Crear usuario' }).click();
    await page.getByText('Elige al menos un rol.').waitFor();

    await page.getByRole('checkbox', { name: 'Agente en China' }).check();
    await page.getByRole('button', { name: 'Crear usuario' }).click();
    await page.getByRole('status').filter({ hasText: 'Listo: Wang Fang ya puede iniciar sesión en el back-office.' }).waitFor();
    const row = page.getByRole('row', { name: /Wang Fang/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Agente en China');
    await checkPage(page, 'backoffice-master-users');

    const agent = await apiAs(portal, username, 'clave-segura-china');
    const { me } = await agent.ok(Me);
    expect(me.roles).toEqual(['CHINA_AGENT']);
    expect(me.permissions).toContain('quote:source');
    expect(me.permissions).not.toContain('settings:write');

    await page.getByRole('button', { name: 'Crear usuario' }).click();
    await page.getByText('La contraseña debe tener al menos 8 caracteres.').waitFor();
  });

  it('filters the audit log by who acted, the action and the day', async () => {
    const master = await staff(portal, 'MASTER');
    const username = `auditado${randomInt(1e6)}`;
    await master.ok(CreateStaffUser, { input: { username, displayName: 'Persona Auditada', password: 'clave-segura-1', roles: ['SUPPORT'] } });
    const page = await staffPage(portal, 'MASTER', '/backoffice/master/audit');
    await page.getByRole('heading', { level: 1, name: 'Registro de accesos y auditoría' }).waitFor();
    await page.getByRole('option', { name: 'Marta Master' }).waitFor({ state: 'attached' });

    await page.getByRole('combobox', { name: 'Quién' }).selectOption({ label: 'Marta Master' });
    await page.getByRole('combobox', { name: 'Acción' }).selectOption({ label: 'Usuario creado' });
    const row = page.getByRole('row', { name: new RegExp(username) });
    await row.waitFor();
    const [{ count }] = await portal.sql<{ count: string }>(
      `SELECT count(*) FROM audit_log_entry e JOIN app_user u ON u.id = e.actor_id WHERE u.username = 'master' AND e.action = 'user.created'`,
    );
    await page.getByRole('status').filter({ hasText: `${count} registros` }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Inicio de sesión' }).count()).toBe(0);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Caracas' }).format(new Date());
    await page.getByLabel('Desde el día').fill(today);
    await page.getByLabel('Hasta el día (incluido)').fill(today);
    await page.getByRole('button', { name: 'Aplicar fechas' }).click();
    await page.waitForURL(/from=/);
    await row.waitFor();
    await checkPage(page, 'backoffice-master-audit');

    const later = new Date(Date.parse(`${today}T12:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Desde el día').fill(later);
    await page.getByLabel('Hasta el día (incluido)').fill(later);
    await page.getByRole('button', { name: 'Aplicar fechas' }).click();
    await page.getByText('Ningún registro coincide con los filtros.').waitFor();
  });

  it('shows an alert for a request waiting on the team too long as soon as it is raised, on an open page', async () => {
    const page = await staffPage(portal, 'MASTER');
    const live = watchLive(page);
    const subscribed = live.subscribed('MasterAlertRaised');
    await page.getByRole('link', { name: 'Alertas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alertas de trabajo en espera' }).waitFor();
    await subscribed;

    const customer = await portal.newCustomer();
    const buyer = await customerApi(portal, customer);
    const { createPurchaseRequest: request } = await buyer.ok(CreateRequest, { input: requestInput() });
    const [{ hours }] = await portal.sql<{ hours: number }>(`SELECT staff_response_alert_hours AS hours FROM business_parameters ORDER BY version DESC LIMIT 1`);
    // The request has waited longer than the alert time: the next sweep raises its alert.
    await portal.sql(`UPDATE purchase_request SET state_changed_at = now() - make_interval(hours => $2::int + 1) WHERE id = $1`, [request.id, hours]);

    const row = page.getByRole('row', { name: new RegExp(request.number) });
    await row.waitFor();
    await page.getByRole('status').filter({ hasText: `Nueva alerta: ${request.number}.` }).waitFor();
    expect(await row.textContent()).toContain('Solicitud en espera');
    await checkPage(page, 'backoffice-master-alerts');

    await row.getByRole('button', { name: `Marcar atendida la alerta de ${request.number}` }).click();
    await row.getByRole('button').waitFor({ state: 'detached' });
    const [alert] = await portal.sql<{ acknowledged_at: Date | null }>(`SELECT acknowledged_at FROM alert WHERE subject_id = $1`, [request.id]);
    expect(alert!.acknowledged_at).not.toBeNull();
  });

  it('shows the operations overview with the figures the database counts', async () => {
    const customer = await portal.newCustomer();
    const buyer = await customerApi(portal, customer);
    await buyer.ok(CreateRequest, { input: requestInput() });
    // An order that waited 30 h to be paid, for the time spent per phase.
    const [{ id: customerId }] = await portal.sql<{ id: string }>(`SELECT c.id FROM customer c JOIN app_user u ON u.id = c.user_id WHERE u.username = $1`, [customer.username]);
    const order = await insertOrder(portal, customerId);
    await portal.sql(`UPDATE order_event SET at = now() - interval '30 hours' WHERE order_id = $1`, [order.orderId]);
    await portal.sql(`INSERT INTO order_event (id, order_id, from_state, to_state, actor_name, at) VALUES ($1, $2, 'PENDING_PAYMENT', 'PAID', 'Sistema', now())`, [randomUUID(), order.orderId]);
    await portal.sql(`UPDATE purchase_order SET state = 'PAID', state_changed_at = now() WHERE id = $1`, [order.orderId]);
    const page = await staffPage(portal, 'MASTER', '/backoffice/master/overview');
    await page.getByRole('heading', { level: 1, name: 'Resumen de operaciones' }).waitFor();
    const [{ count }] = await portal.sql<{ count: string }>(`SELECT count(*) FROM payment WHERE state = 'SUBMITTED'`);
    const kpi = page.locator('.kpis > div').filter({ hasText: 'Pagos por validar' }).getByRole('definition');
    expect((await kpi.textContent())?.trim().startsWith(`${count} ·`)).toBe(true);
    await page.getByRole('heading', { level: 2, name: 'Órdenes por fase' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Tendencia del NPS' }).waitFor();

    await page.getByRole('heading', { level: 2, name: 'Tiempo en cada fase' }).waitFor();
    const [stay] = await portal.sql<{ orders: number; average: number; median: number }>(
      `SELECT count(*)::int AS orders, avg(hours)::float AS average, (percentile_cont(0.5) WITHIN GROUP (ORDER BY hours))::float AS median
         FROM (SELECT to_state, extract(epoch FROM lead(at) OVER (PARTITION BY order_id ORDER BY at) - at) / 3600 AS hours FROM order_event) s
        WHERE to_state = 'PENDING_PAYMENT' AND hours IS NOT NULL`,
    );
    const hours = new Intl.NumberFormat('es-VE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const waitedToPay = page.getByRole('table', { name: 'Tiempo en cada fase' }).getByRole('row', { name: /Por pagar/ });
    expect(await waitedToPay.getByRole('cell').allTextContents()).toEqual([hours.format(stay!.average), hours.format(stay!.median), String(stay!.orders)]);
    expect(stay!.orders).toBeGreaterThanOrEqual(1);
    await checkPage(page, 'backoffice-master-overview');
  });

  it('hides the Master workspace from other staff, and the API refuses them a parameter change', async () => {
    const page = await staffPage(portal, 'CHINA_AGENT');
    const nav = page.getByRole('navigation', { name: 'Espacios de trabajo' });
    await nav.getByRole('link', { name: 'Cola de China' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Master' }).count()).toBe(0);
    await page.goto('/backoffice/master');
    await page.getByRole('heading', { level: 1, name: 'Página no disponible' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Parámetros del negocio' }).count()).toBe(0);

    for (const role of ['CHINA_AGENT', 'SUPERVISOR', 'VENEZUELA_AGENT', 'PAYMENT_VALIDATOR'] as const) {
      const client = await staff(portal, role);
      const code = await client.errorCode(UpdateParameters, { input: { vesPerUsd: '99', changeReason: 'Intento sin permiso' }, expectedVersion: await currentVersion() });
      expect(code).toBe('FORBIDDEN');
      expect(await client.errorCode(Overview)).toBe('FORBIDDEN');
    }
  });
});
