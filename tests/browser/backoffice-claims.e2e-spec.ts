import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { openRequest, staffPageAs } from '../helpers/backoffice-steps';
import type { GqlClient } from '../helpers/client';
import { apiAs, CreateRequest, customerApi, requestInput, staff } from '../helpers/staff-flow';
import { checkPage, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * Claims in the back-office (issue 7): two China agents open the same request; the first takes it, the
 * second is told in plain words who holds it and cannot send the sourcing form, and sees the holder in the
 * queue live; once the first lets it go, the second takes it.
 */

const SECOND_AGENT = { username: 'china2', displayName: 'Chen Jing', password: 'clave-segura-2' };

describe('back-office: two China agents and one request', () => {
  let portal: TestPortal;
  let customerClient: GqlClient;

  beforeAll(async () => {
    portal = await startTestPortal();
    customerClient = await customerApi(portal, await portal.newCustomer());
    const master = await staff(portal, 'MASTER');
    await master.ok(`mutation ($input: CreateStaffUserInput!) { createStaffUser(input: $input) { id } }`, {
      input: { ...SECOND_AGENT, roles: ['CHINA_AGENT'] },
    });
  });
  afterAll(() => portal?.stop());


  it('tells the second agent who holds the request, keeps them from sending it, and lets them take it once released', async () => {
    const { createPurchaseRequest: request } = await customerClient.ok(CreateRequest, {
      input: requestInput({ productUrl: 'https://example.com/producto/reloj', description: 'Reloj de pared', quantity: 1, shippingMethods: ['AIR'] }),
    });
    const first = await staffPageAs(portal, 'china', DEMO_PASSWORD);
    const second = await staffPageAs(portal, SECOND_AGENT.username, SECOND_AGENT.password);

    // The second agent keeps the queue open: the holder appears on the row without a reload.
    const row = second.getByRole('listitem').filter({ has: second.getByRole('link', { name: request.number }) });
    await row.getByText('Libre').waitFor();
    await openRequest(first, request.number);
    await first.getByRole('button', { name: 'Tomar la solicitud' }).click();
    await first.getByText('La tomaste tú hace').waitFor();
    await row.getByText(/Tomada por Li Wei \(China\) hace/).waitFor();

    await openRequest(second, request.number);
    await second.getByText(/Li Wei \(China\) está trabajando en esto: la tomó hace/).waitFor();
    await second.getByText('No puedes enviar cambios mientras la tenga Li Wei (China).', { exact: false }).waitFor();
    expect(await second.getByRole('button', { name: 'Enviar a precios' }).isDisabled()).toBe(true);
    expect(await second.getByLabel('Peso real (kg)').isDisabled()).toBe(true);
    expect(await second.getByRole('button', { name: 'Tomar la solicitud' }).count()).toBe(0);
    await checkPage(second, 'backoffice-claims-held-by-other');

    // The API refuses the second agent too, whatever the page shows.
    const secondApi = await apiAs(portal, SECOND_AGENT.username, SECOND_AGENT.password);
    expect(await secondApi.errorCode(`mutation ($id: ID!) { startSourcing(requestId: $id) { id } }`, { id: request.id })).toBe('ALREADY_CLAIMED');

    // The first agent lets it go: the second agent's page follows live and offers to take it.
    await first.getByRole('button', { name: 'Soltar' }).click();
    await first.getByRole('button', { name: 'Tomar la solicitud' }).waitFor();
    await second.getByRole('button', { name: 'Tomar la solicitud' }).click();
    await second.getByText('La tomaste tú hace').waitFor();
    expect(await second.getByRole('button', { name: 'Enviar a precios' }).isDisabled()).toBe(false);
    await first.getByText(/Chen Jing está trabajando en esto: la tomó hace/).waitFor();
  });
});
