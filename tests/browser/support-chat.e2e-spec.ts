import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { graphql } from '../graphql/generated';
import { markPage, staff, staffLogin, stillMarked, watchLive } from '../helpers/staff-flow';
import { checkPage, signInThroughForm, signInToBackoffice, startTestPortal, WALKTHROUGH_TIMEOUT_MS, type TestPortal } from '../helpers/test-portal';

/**
 * Issue 10, live chat in the browser: a customer in the portal's floating panel and a support agent in the
 * back-office hold a conversation, each page live (no reload): the first message reaches the inbox, the agent's
 * typing and reply reach the panel, the customer's reply and read receipt reach the agent. While the customer
 * types, a published FAQ entry that may answer them shows above the composer.
 */

const ProposeFaq = graphql(`
  mutation ChatBrowserProposeFaq($input: ProposeFaqEntryInput!) { proposeFaqEntry(input: $input) { id } }
`);
const ReviewFaq = graphql(`mutation ChatBrowserReviewFaq($input: ReviewFaqEntryInput!) { reviewFaqEntry(input: $input) { id } }`);

const FAQ_QUESTION = '¿Cuándo llega mi pedido a Venezuela?';
const FAQ_ANSWER = 'Por vía aérea, entre 10 y 15 días después de salir de China; el seguimiento muestra cada etapa.';

describe('support chat between the portal and the back-office', () => {
  let portal: TestPortal;
  beforeAll(async () => {
    portal = await startTestPortal();
    const supervisor = await staff(portal, 'SUPERVISOR');
    const { proposeFaqEntry } = await supervisor.ok(ProposeFaq, { input: { question: FAQ_QUESTION, answer: FAQ_ANSWER, category: 'SHIPPING' } });
    await supervisor.ok(ReviewFaq, { input: { id: proposeFaqEntry.id, decision: 'PUBLISHED' } });
  }, 120_000);
  afterAll(() => portal?.stop());

  it('lets a customer and an agent chat with both pages live, typing and read receipts included', async () => {
    const customer = await portal.newCustomer();

    const agentContext = await portal.browser.newContext({ baseURL: portal.url, viewport: { width: 1280, height: 800 }, locale: 'es-VE' });
    const agent = await agentContext.newPage();
    const agentLive = watchLive(agent);
    const inboxLive = agentLive.subscribed('SupportInboxLive');
    await agent.goto('/backoffice/');
    await signInToBackoffice(agent, staffLogin('SUPPORT'), DEMO_PASSWORD);
    await agent.goto('/backoffice/support');
    await agent.getByRole('heading', { level: 1, name: 'Chats de soporte' }).waitFor();
    await inboxLive;
    await markPage(agent);

    const { page } = await portal.newPage();
    const customerLive = watchLive(page);
    const panelLive = customerLive.subscribed('PortalChatLive');
    await signInThroughForm(page, customer.username, customer.password);
    await panelLive;
    const toggle = page.getByRole('button', { name: 'Chat de soporte' });
    await toggle.click();
    const panel = page.getByRole('dialog', { name: 'Chat de soporte' });
    await panel.getByText('¿En qué te ayudamos? Escribe tu consulta.').waitFor();
    await checkPage(page, 'portal-chat-panel');

    const typingLive = customerLive.subscribed('PortalChatTyping');
    await panel.getByRole('textbox', { name: 'Tu mensaje' }).fill('Hola, ¿cuándo llega mi pedido?');
    // The FAQ entry about delivery times is suggested above the composer, its answer one click away.
    const suggestions = panel.getByRole('region', { name: 'Quizás esto te ayude' });
    await suggestions.getByText(FAQ_QUESTION).click();
    await suggestions.getByText(FAQ_ANSWER).waitFor();
    await checkPage(page, 'portal-chat-suggestions');
    await panel.getByRole('button', { name: 'Enviar' }).click();
    const messages = panel.getByRole('list', { name: 'Mensajes del chat' });
    await messages.getByText('Hola, ¿cuándo llega mi pedido?').waitFor();
    await typingLive;
    // A sent message leaves a fresh composer, and no suggestions for it.
    await suggestions.getByText(FAQ_QUESTION).waitFor({ state: 'detached' });
    await markPage(page);

    // The inbox shows the new chat live, with its unread message.
    const open = agent.getByRole('link', { name: `Chat de ${customer.fullName} (${customer.code})` });
    await open.waitFor();
    expect(await stillMarked(agent)).toBe(true);
    await checkPage(agent, 'backoffice-support-inbox');

    const chatLive = agentLive.subscribed('SupportChatTyping');
    await open.click();
    await agent.getByRole('heading', { level: 1, name: `Chat con ${customer.fullName} (${customer.code})` }).waitFor();
    await chatLive;
    const agentMessages = agent.getByRole('list', { name: 'Mensajes' });
    await agentMessages.getByText('Hola, ¿cuándo llega mi pedido?').waitFor();

    await agent.getByRole('textbox', { name: 'Mensaje' }).fill('Hola, ya lo reviso');
    await panel.getByRole('status').getByText('Sofía Díaz (Soporte) está escribiendo…').waitFor();
    await agent.getByRole('textbox', { name: 'Mensaje' }).fill('Hola, tu pedido sale mañana de China.');
    await agent.getByRole('button', { name: 'Enviar' }).click();

    await messages.getByText('Hola, tu pedido sale mañana de China.').waitFor();
    await panel.getByText('Te atiende Sofía Díaz (Soporte)').waitFor();
    // The panel is open, so the reply is read at once, and the agent sees it.
    await agentMessages.getByText('Leído por el cliente').waitFor();

    await panel.getByRole('textbox', { name: 'Tu mensaje' }).fill('¡Gracias!');
    await panel.getByRole('button', { name: 'Enviar' }).click();
    await agentMessages.getByText('¡Gracias!').waitFor();
    // The agent's page is open on the chat: the customer sees both their messages read.
    await messages.getByText('Leído').nth(1).waitFor();
    expect(await stillMarked(page)).toBe(true);
    await checkPage(agent, 'backoffice-support-chat');
    await checkPage(page, 'portal-chat-conversation');

    await agent.goto('/backoffice/support/canned-replies');
    await agent.getByRole('heading', { level: 1, name: 'Respuestas predefinidas' }).waitFor();
    await checkPage(agent, 'backoffice-support-canned-replies');
    await agentContext.close();
  }, WALKTHROUGH_TIMEOUT_MS);
});
