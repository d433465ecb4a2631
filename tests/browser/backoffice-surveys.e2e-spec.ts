import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../api/src/seed/demo';
import { netPromoterScore } from '../../api/src/modules/surveys/survey.rules';
import { graphql } from '../graphql/generated';
import type { GqlClient } from '../helpers/client';
import type { StaffRole } from '../helpers/test-api';
import { CreateBox, customerApi, RegisterPackage, StaffFlow, staff, staffLogin } from '../helpers/staff-flow';
import { checkPage, signInToBackoffice, startTestPortal, type PortalCustomer, type TestPortal } from '../helpers/test-portal';

/**
 * Survey results with the NPS in the back-office (issue 7): four orders travel in one box to delivery through
 * the API, their customer answers the four surveys, and the Venezuela agent reads the NPS (as the survey rules
 * compute it from the answers), the averages, the answered surveys with their scores and comments in
 * Venezuelan time, and downloads them as CSV. The Master sees the results too; a China agent neither sees
 * them nor gets them from the API.
 */

const MyInvitations = graphql(`
  query SurveysTestInvitations { mySurveys(submitted: false, first: 50) { edges { node { id order { id } } } } }
`);
const Answer = graphql(`
  mutation SurveysTestAnswer($input: SubmitSurveyInput!) { submitSurvey(input: $input) { id submittedAt } }
`);
const StaffSurveys = graphql(`
  query SurveysTestStaffList { surveys(submitted: true, first: 5) { totalCount } }
`);

/** general, response time, quality, price, attention (1–10), recommend (0–10), comment. */
type Answers = [number, number, number, number, number, number, string | null];
const ANSWERS: Answers[] = [
  [9, 8, 9, 8, 9, 10, 'Llegó antes de lo esperado, muy bien empacado.'],
  [8, 7, 8, 6, 9, 9, null],
  [7, 6, 7, 7, 8, 7, null],
  [4, 3, 5, 4, 6, 3, 'La entrega tardó más de lo prometido.'],
];

describe('back-office: survey results with the NPS', () => {
  let portal: TestPortal;
  let customer: PortalCustomer;
  let customerClient: GqlClient;
  const flow = new StaffFlow(() => portal);
  /** Each seeded order's number and when its survey was answered (UTC ISO), in ANSWERS order. */
  const answered: { number: string; submittedAt: string }[] = [];

  beforeAll(async () => {
    portal = await startTestPortal();
    customer = await portal.newCustomer();
    customerClient = await customerApi(portal, customer);
    // Four paid and purchased orders, one package each, consolidated in one box that travels to delivery.
    const orders: { orderId: string; number: string }[] = [];
    for (let i = 0; i < ANSWERS.length; i += 1) {
      const order = await flow.paidOrder(customerClient);
      await flow.purchase(order.orderId);
      orders.push(order);
    }
    const china = await flow.as('CHINA_AGENT');
    const packageIds: string[] = [];
    for (const { orderId } of orders) {
      const { registerPackage } = await china.ok(RegisterPackage, { input: { orderId, weightKg: '3.400', lengthCm: 50, widthCm: 40, heightCm: 30, repacked: true } });
      packageIds.push(registerPackage.id);
    }
    const { createBox } = await china.ok(CreateBox, { input: { packageIds } });
    await flow.recordAfter({ boxId: createBox.id }, 'PURCHASED');

    // Delivery invited the customer to one survey per order: they answer each.
    const { mySurveys } = await customerClient.ok(MyInvitations);
    for (const [i, order] of orders.entries()) {
      const invitation = mySurveys.edges.find((e) => e.node.order?.id === order.orderId)!;
      const [general, responseTime, quality, price, attention, recommend, comments] = ANSWERS[i]!;
      const { submitSurvey } = await customerClient.ok(Answer, {
        input: { surveyId: invitation.node.id, generalScore: general, responseTimeScore: responseTime, qualityScore: quality, priceScore: price, attentionScore: attention, recommendScore: recommend, comments },
      });
      answered.push({ number: order.number, submittedAt: String(submitSurvey.submittedAt) });
    }
  });
  afterAll(() => portal?.stop());

  async function staffPage(role: StaffRole): Promise<Page> {
    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/backoffice/');
    await signInToBackoffice(page, staffLogin(role), DEMO_PASSWORD);
    return page;
  }

  it('shows the Venezuela agent the NPS the rules give for the answers, the averages, and every answered survey, and exports them as CSV', async () => {
    const page = await staffPage('VENEZUELA_AGENT');
    await page.getByRole('navigation', { name: 'Secciones de Venezuela' }).getByRole('link', { name: 'Encuestas y NPS' }).click();
    await page.getByRole('heading', { level: 1, name: 'Encuestas de satisfacción y NPS' }).waitFor();

    // 2 promoters (10, 9), 1 passive (7), 1 detractor (3) of 4 answers.
    const expected = netPromoterScore(ANSWERS.map((a) => a[5]))!;
    const signed = new Intl.NumberFormat('es-VE', { signDisplay: 'exceptZero' }).format(expected);
    const figure = (name: string) => page.locator('.kpis > div').filter({ has: page.getByRole('term').filter({ hasText: name }) }).getByRole('definition');
    await figure('NPS').filter({ hasText: signed }).waitFor();
    expect((await figure('NPS').textContent())?.trim()).toBe(signed);
    expect((await figure('Promotores (9–10)').textContent())?.trim()).toBe('2 · 50 %');
    expect((await figure('Pasivos (7–8)').textContent())?.trim()).toBe('1 · 25 %');
    expect((await figure('Detractores (0–6)').textContent())?.trim()).toBe('1 · 25 %');
    expect((await figure('Encuestas respondidas').textContent())?.trim()).toBe('4 de 4 invitadas');
    await page.getByText(`NPS = % promotores − % detractores = 50 % − 25 % = ${signed}`).waitFor();
    // Averages of the answers: general 28/4, response time 24/4, quality 29/4, price 25/4, attention 32/4, recommend 29/4.
    expect((await figure('Satisfacción general').textContent())?.trim()).toBe('7,00 / 10');
    expect((await figure('Calidad').textContent())?.trim()).toBe('7,25 / 10');
    expect((await figure('Recomendación').textContent())?.trim()).toBe('7,25 / 10 (escala 0–10)');

    const table = page.getByRole('table', { name: 'Encuestas respondidas' });
    await page.getByText('4 respondidas (4 cargadas)').waitFor();
    const caracas = new Intl.DateTimeFormat('es-VE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Caracas' });
    for (const [i, { number, submittedAt }] of answered.entries()) {
      const [general, responseTime, quality, price, attention, recommend, comment] = ANSWERS[i]!;
      const category = recommend >= 9 ? 'Promotor' : recommend >= 7 ? 'Pasivo' : 'Detractor';
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: number, exact: true }) });
      expect(await row.getByRole('cell').allTextContents()).toEqual([
        `${customer.fullName} · ${customer.code}`,
        ...[general, responseTime, quality, price, attention].map(String),
        `${recommend} ${category}`,
        comment ?? '—',
        caracas.format(new Date(submittedAt)),
      ]);
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportar CSV (4 filas cargadas)' }).click()]);
    expect(download.suggestedFilename()).toBe('encuestas.csv');
    const lines = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Orden,Cliente,Código de cliente,Satisfacción general,Tiempo de respuesta,Calidad,Precio,Atención,Recomendación,Categoría NPS,Comentario,Respondida');
    expect(lines).toHaveLength(1 + ANSWERS.length);
    const detractor = answered[3]!;
    expect(lines).toContain(
      `${detractor.number},${customer.fullName},${customer.code},4,3,5,4,6,3,Detractor,La entrega tardó más de lo prometido.,${detractor.submittedAt}`,
    );

    await checkPage(page, 'backoffice-venezuela-surveys');
  });

  it('shows the Master the survey results too, and keeps them from a China agent, whom the API refuses', async () => {
    const master = await staffPage('MASTER');
    const nav = master.getByRole('navigation', { name: 'Espacios de trabajo' });
    // The Master still lands on their own workspace; inventory, tickets, the support chat, traceability and the survey results follow it.
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Master', 'Inventario', 'Tickets', 'Chat de soporte', 'Trazabilidad', 'Precios Venezuela']);
    await nav.getByRole('link', { name: 'Precios Venezuela' }).click();
    await master.getByRole('heading', { level: 1, name: 'Encuestas de satisfacción y NPS' }).waitFor();
    expect(await master.getByRole('navigation', { name: 'Secciones de Venezuela' }).getByRole('link').allTextContents()).toEqual(['Encuestas y NPS']);
    await master.getByText('4 respondidas (4 cargadas)').waitFor();

    const china = await staffPage('CHINA_AGENT');
    await china.getByRole('navigation', { name: 'Espacios de trabajo' }).getByRole('link', { name: 'Cola de China' }).waitFor();
    await china.goto('/backoffice/venezuela/surveys');
    await china.getByRole('heading', { level: 1, name: 'Página no disponible' }).waitFor();
    expect(await (await staff(portal, 'CHINA_AGENT')).errorCode(StaffSurveys)).toBe('FORBIDDEN');
  });
});
