import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { graphql } from '../graphql/generated';
import { markPage, signedIn, staff, staffLogin, stillMarked, watchLive } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type TestPortal } from '../helpers/test-portal';

/**
 * Support tickets end to end (issue 10): a supervisor has published an FAQ entry; a customer opens a ticket in the
 * portal and the entry is suggested while they type; the support agent answers it in the back-office, and the answer
 * appears on the customer's open ticket page without a reload. The public FAQ finds the entry by another form of its
 * word. axe on every page added.
 */

const ProposeFaq = graphql(`
  mutation BrowserProposeFaq($input: ProposeFaqEntryInput!) { proposeFaqEntry(input: $input) { id } }
`);
const ReviewFaq = graphql(`mutation BrowserReviewFaq($input: ReviewFaqEntryInput!) { reviewFaqEntry(input: $input) { id } }`);

const QUESTION = '¿Cuánto tarda la validación de un pago?';

describe('support tickets in the portal and the back-office', () => {
  let portal: TestPortal;

  beforeAll(async () => {
    portal = await startTestPortal();
    const supervisor = await staff(portal, 'SUPERVISOR');
    const { proposeFaqEntry } = await supervisor.ok(ProposeFaq, {
      input: { question: QUESTION, answer: 'El equipo de pagos valida cada pago reportado en menos de un día hábil.', category: 'PAYMENT' },
    });
    await supervisor.ok(ReviewFaq, { input: { id: proposeFaqEntry.id, decision: 'PUBLISHED' } });
  }, 120_000);
  afterAll(() => portal?.stop());

  it('finds an FAQ entry by another form of its word on the public FAQ page', async () => {
    const { page } = await portal.newPage();
    await page.goto('/faq');
    await page.getByRole('searchbox', { name: 'Buscar en las preguntas frecuentes' }).fill('pagos');
    await page.getByRole('button', { name: 'Buscar' }).click();
    await page.getByText('Resultados para «pagos»: 1').waitFor();
    await page.getByText(QUESTION).waitFor();
    await checkPage(page, 'faq');
  });

  it('suggests the FAQ while the customer types a ticket, and the agent\'s answer in the back-office reaches the customer\'s open page live', async () => {
    const customer = await portal.newCustomer();
    const page = await signedIn(portal, customer);
    const customerLive = watchLive(page);
    await page.goto('/tickets');
    await page.getByRole('heading', { level: 1, name: 'Mis tickets de soporte' }).waitFor();
    await checkPage(page, 'tickets');

    await page.getByRole('link', { name: 'Abrir un ticket' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Abrir un ticket de soporte' }).waitFor();
    await page.getByRole('textbox', { name: 'Asunto' }).fill('Mi pago no está validado');
    const suggestions = page.getByRole('region', { name: 'Quizás esto te ayude' });
    await suggestions.getByText(QUESTION).waitFor();
    await page.getByRole('textbox', { name: 'Descripción' }).fill('Reporté el pago por Zelle hace dos días y sigue pendiente.');
    await checkPage(page, 'ticket-new');
    const ticketLive = customerLive.subscribed('PortalTicketLive');
    await page.getByRole('button', { name: 'Enviar ticket' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^Ticket TK-\d{4}-\d{6}$/ });
    await heading.waitFor();
    const number = (await heading.textContent())!.replace('Ticket ', '').trim();
    await checkPage(page, 'ticket');
    await ticketLive;
    await markPage(page);

    const { page: agent } = await portal.newPage();
    await agent.setViewportSize({ width: 1280, height: 800 });
    await agent.goto('/backoffice/tickets');
    await signInToBackoffice(agent, staffLogin('SUPPORT'), DEMO_PASSWORD);
    await agent.getByRole('heading', { level: 1, name: 'Tickets de soporte' }).waitFor();
    await agent.getByRole('link', { name: number }).waitFor();
    await checkPage(agent, 'backoffice-tickets');
    await agent.getByRole('link', { name: number }).click();
    await agent.getByRole('heading', { level: 1, name: new RegExp(`^${number}`) }).waitFor();
    await agent.getByRole('textbox', { name: 'Mensaje o resumen' }).fill('Hola, ya validamos tu pago. ¡Gracias por la paciencia!');
    await agent.getByRole('button', { name: 'Responder al cliente' }).click();
    await agent.getByText('Hola, ya validamos tu pago. ¡Gracias por la paciencia!').waitFor();
    // The customer's page, open all along, shows the reply and the new state without a reload.
    await page.getByText('Hola, ya validamos tu pago. ¡Gracias por la paciencia!').waitFor();
    await page.getByText('En atención').waitFor();
    expect(await stillMarked(page)).toBe(true);
    await checkPage(agent, 'backoffice-ticket');
    await agent.goto('/backoffice/tickets/new');
    await agent.getByRole('heading', { level: 1, name: 'Nuevo ticket (llamada o correo)' }).waitFor();
    await checkPage(agent, 'backoffice-ticket-new');
    await agent.goto('/backoffice/tickets/faq');
    await agent.getByRole('heading', { level: 1, name: 'Preguntas frecuentes' }).waitFor();
    await checkPage(agent, 'backoffice-faq-review');
  });
});

