import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { CreateRequest, customerApi, requestInput, staffLogin } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * The Master's Webhooks page in Debian's chromium against `npm start` (loopback URLs allowed outside production):
 * an endpoint created through the form with its secret shown once, a real delivery to a local receiver seen in
 * the delivery log, and replayed from it with the same event id.
 */
describe('back-office: the Master\'s webhooks', () => {
  let portal: TestPortal;
  let receiver: Server;
  let receiverUrl = '';
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    portal = await startTestPortal({ WEBHOOK_POLL_MS: '100' });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/morna`;
  });
  afterAll(async () => {
    receiver?.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
    await portal?.stop();
  });

  async function masterPage(): Promise<Page> {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/backoffice/');
    await signInToBackoffice(page, staffLogin('MASTER'), DEMO_PASSWORD);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    return page;
  }

  it('creates an endpoint showing its secret once, refuses a private address next to the field, and logs and replays a real delivery', async () => {
    const page = await masterPage();
    await page.getByText('No hay webhooks.').waitFor();
    await checkPage(page, 'backoffice-master-webhooks-empty');

    const form = page.getByRole('form', { name: 'Nuevo webhook' });
    await form.getByRole('textbox', { name: 'URL de destino' }).fill('http://10.0.0.8/hook');
    await form.getByRole('checkbox', { name: 'Solicitud de cotización' }).check();
    await form.getByRole('button', { name: 'Crear webhook' }).click();
    await form.getByText('La dirección no está permitida: usa http:// o https:// hacia una dirección pública.').waitFor();

    await form.getByRole('textbox', { name: 'URL de destino' }).fill(receiverUrl);
    await form.getByRole('textbox', { name: 'Descripción' }).fill('ERP de prueba');
    await form.getByRole('button', { name: 'Crear webhook' }).click();
    const secret = page.getByRole('status').filter({ hasText: 'no se volverá a mostrar' });
    await secret.waitFor();
    const shown = (await secret.locator('code').textContent())!;
    expect(shown).toMatch(/^whsec_/);
    const row = page.getByRole('row', { name: new RegExp(receiverUrl) });
    await row.waitFor();
    expect(await row.textContent()).toContain('Activo');
    await checkPage(page, 'backoffice-master-webhooks');
    await secret.getByRole('button', { name: 'Ya la guardé' }).click();
    await secret.waitFor({ state: 'detached' });

    const customer = await portal.newCustomer();
    await (await customerApi(portal, customer)).ok(CreateRequest, { input: requestInput() });
    const start = Date.now();
    while (received.length === 0 && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(1);

    await row.getByRole('button', { name: `Ver las entregas de ${receiverUrl}` }).click();
    const log = page.getByRole('region', { name: 'Registro de entregas' });
    const eventId = String(received[0]!.headers['morna-event-id']);
    const delivered = log.getByRole('row', { name: new RegExp(`#${eventId}.*Entregada`) });
    // The log has no live updates: refresh until the delivery is recorded.
    while (!(await delivered.isVisible())) {
      await page.getByRole('button', { name: 'Actualizar entregas' }).click();
      await page.waitForTimeout(200);
    }
    await checkPage(page, 'backoffice-master-webhook-deliveries');

    await delivered.getByRole('button', { name: `Reenviar el evento ${eventId}` }).click();
    await delivered.getByRole('button').waitFor({ state: 'detached' });
    const again = Date.now();
    while (received.length < 2 && Date.now() - again < 20_000) await new Promise((r) => setTimeout(r, 50));
    expect(received.map((r) => r.headers['morna-event-id'])).toEqual([eventId, eventId]);
    expect(received[1]!.body).toBe(received[0]!.body);
  });
});
