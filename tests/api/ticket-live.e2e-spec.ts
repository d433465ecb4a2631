import { GqlClient } from '../helpers/client';
import { startTestApi, type TestApi, type TestCustomer } from '../helpers/test-api';

/**
 * Live tickets (issue 10) over WebSocket: `ticketUpdated` is fed by the TICKET_CHANGED events. A customer hears
 * their own tickets' changes but never a staff-only one (internal note, triage, assignment), another customer
 * hears nothing of them, staff with ticket:work hear everything, and a feed resumed after its last cursor loses
 * nothing.
 */

const Create = `mutation Create($input: CreateMyTicketInput!) { createMyTicket(input: $input) { id number } }`;
const Interact = `mutation Interact($input: AddTicketInteractionInput!) { addTicketInteraction(input: $input) { id } }`;
const Triage = `mutation Triage($input: TriageTicketInput!) { triageTicket(input: $input) { id } }`;
const Feed = `subscription Feed($ticketId: ID, $after: String) { ticketUpdated(ticketId: $ticketId, after: $after) { cursor ticket { id state interactions { kind body } } } }`;

interface Update {
  ticketUpdated: { cursor: string; ticket: { id: string; state: string; interactions: { kind: string; body: string }[] } };
}

let t: TestApi;
let ana: TestCustomer;
let ben: TestCustomer;
let support: GqlClient;
let ticketId: string;

beforeAll(async () => {
  t = await startTestApi();
  support = await t.asStaff('SUPPORT');
  ana = await t.newCustomer({ fullName: 'Ana Envivo' });
  ben = await t.newCustomer({ fullName: 'Ben Envivo' });
  ticketId = (await ana.ok<{ createMyTicket: { id: string } }, unknown>(Create, { input: { subject: 'Mi pago no aparece', description: 'Pagué por Zelle ayer' } })).createMyTicket.id;
});
afterAll(async () => {
  await t.stop();
});

/** Another connection of the same caller (a reconnect, another tab). */
function reconnect(client: GqlClient): GqlClient {
  return new GqlClient(client.endpoints, client.token);
}

const say = (kind: 'MESSAGE' | 'INTERNAL_NOTE', body: string) => support.ok(Interact, { input: { ticketId, kind, body } });
const bodies = (update: Update['ticketUpdated']) => update.ticket.interactions.map((i) => i.body);

describe('live ticket updates', () => {
  let anaCursor: string;

  it('brings the agent\'s reply to the customer live, and never an internal note or a triage, which staff hear', async () => {
    const anaFeed = ana.subscribe<Update, unknown>(Feed, { ticketId });
    const staffFeed = support.subscribe<Update, unknown>(Feed, { ticketId });
    await Promise.all([anaFeed.ready, staffFeed.ready]);

    await say('INTERNAL_NOTE', 'Revisar con el equipo de pagos');
    await support.ok(Triage, { input: { ticketId, category: 'PAYMENT', priority: 'HIGH' } });
    await say('MESSAGE', 'Hola Ana, ya estamos validando tu pago.');

    // Staff hear every change: the note, the triage, then the reply's move to IN_PROGRESS and the reply itself.
    const staffSeen = [];
    for (let i = 0; i < 4; i++) staffSeen.push((await staffFeed.next()).ticketUpdated);
    expect(bodies(staffSeen[0]!)).toContain('Revisar con el equipo de pagos');
    expect(staffSeen[3]!.ticket.state).toBe('IN_PROGRESS');

    // The customer's first two events are exactly the last two: the note and the triage were skipped.
    const anaSeen = [(await anaFeed.next()).ticketUpdated, (await anaFeed.next()).ticketUpdated];
    expect(anaSeen.map((u) => u.cursor)).toEqual(staffSeen.slice(2).map((u) => u.cursor));
    for (const update of anaSeen) {
      expect(update.ticket.id).toBe(ticketId);
      expect(bodies(update)).toContain('Hola Ana, ya estamos validando tu pago.');
      expect(bodies(update)).not.toContain('Revisar con el equipo de pagos');
      expect(update.ticket.interactions.map((i) => i.kind)).not.toContain('SYSTEM');
    }
    anaCursor = anaSeen[1]!.cursor;
    anaFeed.close();
    staffFeed.close();
  });

  it('loses nothing while the customer was away: resuming after the last cursor brings the reply sent meanwhile', async () => {
    await say('INTERNAL_NOTE', 'Pago encontrado en el banco');
    await say('MESSAGE', 'Listo, tu pago quedó validado.');
    const again = reconnect(ana).subscribe<Update, unknown>(Feed, { ticketId, after: anaCursor });
    const update = (await again.next()).ticketUpdated;
    expect(bodies(update)).toContain('Listo, tu pago quedó validado.');
    expect(bodies(update)).not.toContain('Pago encontrado en el banco');
    again.close();
  });

  it('tells another customer nothing of someone else\'s ticket, and refuses them a feed on it', async () => {
    await expect(ben.subscribe<Update, unknown>(Feed, { ticketId }).next()).rejects.toThrow('NOT_FOUND');
    const benFeed = reconnect(ben).subscribe<Update, unknown>(Feed, {});
    await benFeed.ready;
    await say('MESSAGE', 'Ana, ¿algo más en que te ayudemos?');
    const own = (await ben.ok<{ createMyTicket: { id: string } }, unknown>(Create, { input: { subject: 'Mi caja no llega', description: 'Está en aduana' } })).createMyTicket.id;
    expect((await benFeed.next()).ticketUpdated.ticket.id).toBe(own);
    benFeed.close();
  });

  it('lets staff with ticket:work hear every customer\'s tickets, and refuses the feed to staff without it', async () => {
    const staffFeed = reconnect(support).subscribe<Update, unknown>(Feed, {});
    await staffFeed.ready;
    await say('INTERNAL_NOTE', 'Cliente frecuente');
    const bens = (await ben.ok<{ createMyTicket: { id: string } }, unknown>(Create, { input: { subject: 'Quiero cambiar mi dirección', description: 'Me mudé' } })).createMyTicket.id;
    expect([(await staffFeed.next()).ticketUpdated.ticket.id, (await staffFeed.next()).ticketUpdated.ticket.id]).toEqual([ticketId, bens]);
    staffFeed.close();

    const china = await t.asStaff('CHINA_AGENT');
    await expect(china.subscribe<Update, unknown>(Feed, {}).next()).rejects.toThrow('FORBIDDEN');
    await expect(reconnect(china).subscribe<Update, unknown>(Feed, { ticketId }).next()).rejects.toThrow('FORBIDDEN');
  });
});
