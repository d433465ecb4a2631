import { IsEnum, IsUUID, Length } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { can, customerIdOf, principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { AFTER_CURSOR_DESCRIPTION, EventEnvelope } from '../../events/envelope';
import { eventStream, type StreamedEvent } from '../../events/event-stream';
import { Topic, type TicketChangedPayload } from '../../events/topics';
import { ConnectionType, PageArgs } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { readForEvent } from '../../shared/event-scope';
import { nextStates } from '../../shared/transitions';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Customer } from '../identity/customer.entity';
import { Owner, Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { currentParameters } from '../settings/settings.service';
import { AgentProfile } from './agent-profile.entity';
import { agentCandidates, agentProfile, touchAgent } from './ticket-assignment.service';
import { suggestCategory } from './ticket-classifier.rules';
import { TicketEvent } from './ticket-event.entity';
import { TicketInteraction } from './ticket-interaction.entity';
import { TicketSlaBreach } from './ticket-sla-breach.entity';
import { slaTargetsOf } from './ticket-sweep.service';
import { Ticket } from './ticket.entity';
import { AddTicketInteractionInput, ChangeTicketStateInput, CreateMyTicketInput, CreateTicketForCustomerInput, TicketsArgs, TriageTicketInput } from './ticket.inputs';
import { canReopen, isOnline, slaDeadline, slaElapsedSeconds, slaLimitSeconds } from './ticket.rules';
import {
  addTicketInteraction, agentUsers, assignTicket, createMyTicket, createTicketForCustomer, findTicket, listMyTickets, listTickets, reopenMyTicket,
  replyToMyTicket, setTicketState, triageTicket,
} from './ticket.service';
import { TicketCategory, TicketState, ticketTransitions } from './ticket.states';
import { TicketAgent, TicketSla } from './ticket.types';

const TicketConnection = ConnectionType(Ticket, 'Ticket');
const TicketUpdate = EventEnvelope(Ticket, 'TicketUpdate', 'ticket', 'A support ticket changed (opened, a state, an interaction, triage, assignment), and the event\'s cursor.');
type TicketUpdate = { cursor: string; ticket: Ticket };

@ArgsType()
class MyTicketsArgs extends PageArgs {
  @Field(() => TicketState, { nullable: true })
  state?: TicketState | null;
}

@ArgsType()
class TicketMessageArgs {
  @Field(() => ID)
  @IsUUID()
  ticketId!: string;

  @Field({ description: '1–4000 characters.' })
  @Length(1, 4000)
  body!: string;
}

@ArgsType()
class AgentSkillsArgs {
  @Field(() => ID)
  @IsUUID()
  userId!: string;

  @Field(() => [TicketCategory])
  @IsEnum(TicketCategory, { each: true })
  skills!: TicketCategory[];
}

/** Support tickets (seed 000 process 3): customers' own, and the staff queue. */
@Resolver(() => Ticket)
export class TicketResolver {
  @Authorized(Permission.OwnTickets)
  @Query(() => TicketConnection, { description: 'Your tickets, newest first (customers).' })
  myTickets(@Args() args: MyTicketsArgs, @Ctx() ctx: Context) {
    return listMyTickets(ctx, args, args.state);
  }

  @Authorized(Permission.WorkTickets)
  @Query(() => TicketConnection, { description: 'The ticket queue by creation time, newest first unless `order` says otherwise, with filters (staff: ticket:work).' })
  tickets(@Args() args: TicketsArgs, @Ctx() ctx: Context) {
    return listTickets(ctx, args);
  }

  @Authorized(Permission.OwnTickets, Permission.WorkTickets)
  @Query(() => Ticket, { description: 'One ticket: any for staff (ticket:work), only their own for a customer. NOT_FOUND otherwise.' })
  ticket(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Ticket> {
    return findTicket(ctx.em, id, can(ctx, Permission.WorkTickets) ? undefined : customerIdOf(ctx));
  }

  @Authorized(Permission.OwnTickets, Permission.WorkTickets)
  @Query(() => TicketCategory, { description: 'The category the classifier suggests for a text (staff confirm it on the ticket).' })
  suggestTicketCategory(@Arg('text', () => String) text: string): TicketCategory {
    if (text.length > 4200) throw new DomainError('BAD_USER_INPUT', { field: 'text', reason: 'TOO_LONG' });
    return suggestCategory(text);
  }

  @Authorized(Permission.WorkTickets)
  @Query(() => [TicketAgent], { description: 'The agents who take tickets, with skills, load and presence (staff: ticket:work).' })
  async ticketAgents(@Ctx() ctx: Context): Promise<TicketAgent[]> {
    const { agentOnlineMinutes } = await currentParameters(ctx.em);
    const candidates = new Map((await agentCandidates(ctx.em)).map((c) => [c.userId, c]));
    const now = new Date();
    return (await agentUsers(ctx.em)).map((user) => {
      const c = candidates.get(user.id);
      return { user, skills: (c?.skills ?? []) as TicketCategory[], load: c?.load ?? 0, lastSeenAt: c?.lastSeenAt ?? null, online: isOnline(c?.lastSeenAt ?? null, now, agentOnlineMinutes) };
    });
  }

  @Authorized(Permission.OwnTickets)
  @Mutation(() => Ticket, { description: 'Open a support ticket (customers); the category is suggested from the text unless given.' })
  createMyTicket(@Arg('input', () => CreateMyTicketInput) input: CreateMyTicketInput, @Ctx() ctx: Context): Promise<Ticket> {
    return createMyTicket(ctx, input);
  }

  @Authorized(Permission.OwnTickets)
  @Mutation(() => TicketInteraction, { description: 'Write on your ticket; a ticket waiting on you goes back to work. TICKET_CLOSED once resolved (reopen it).' })
  replyToMyTicket(@Args() args: TicketMessageArgs, @Ctx() ctx: Context): Promise<TicketInteraction> {
    return replyToMyTicket(ctx, args.ticketId, args.body);
  }

  @Authorized(Permission.OwnTickets)
  @Mutation(() => Ticket, { description: 'Reopen your resolved ticket with what is still wrong, within the Master\'s reopen days (TICKET_REOPEN_WINDOW_PASSED).' })
  reopenMyTicket(@Args() args: TicketMessageArgs, @Ctx() ctx: Context): Promise<Ticket> {
    return reopenMyTicket(ctx, args.ticketId, args.body);
  }

  @Authorized(Permission.WorkTickets)
  @Mutation(() => Ticket, { description: 'Open a ticket for a customer\'s phone call or email (staff: ticket:work; audited).' })
  createTicketForCustomer(@Arg('input', () => CreateTicketForCustomerInput) input: CreateTicketForCustomerInput, @Ctx() ctx: Context): Promise<Ticket> {
    return createTicketForCustomer(ctx, input);
  }

  @Authorized(Permission.WorkTickets)
  @Mutation(() => TicketInteraction, { description: 'Log a reply, call, email or internal note on a ticket (staff: ticket:work).' })
  addTicketInteraction(@Arg('input', () => AddTicketInteractionInput) input: AddTicketInteractionInput, @Ctx() ctx: Context): Promise<TicketInteraction> {
    return addTicketInteraction(ctx, input);
  }

  @Authorized(Permission.WorkTickets)
  @Mutation(() => Ticket, { description: 'Move a ticket (transition table; RESOLVED needs the solution; ESCALATED notifies the supervisors).' })
  changeTicketState(@Arg('input', () => ChangeTicketStateInput) input: ChangeTicketStateInput, @Ctx() ctx: Context): Promise<Ticket> {
    return setTicketState(ctx, input);
  }

  @Authorized(Permission.WorkTickets)
  @Mutation(() => Ticket, { description: 'Confirm or change the category and set the priority (staff: ticket:work; audited).' })
  triageTicket(@Arg('input', () => TriageTicketInput) input: TriageTicketInput, @Ctx() ctx: Context): Promise<Ticket> {
    return triageTicket(ctx, input);
  }

  @Authorized(Permission.WorkTickets)
  @Mutation(() => Ticket, { description: 'Take a ticket yourself (staff: ticket:work; audited).' })
  takeTicket(@Arg('ticketId', () => ID) ticketId: string, @Ctx() ctx: Context): Promise<Ticket> {
    return assignTicket(ctx, ticketId, null);
  }

  @Authorized(Permission.SuperviseTickets)
  @Mutation(() => Ticket, { description: 'Assign a ticket to an agent (ticket:supervise; audited). NOT_ASSIGNABLE for a user who does not work tickets.' })
  assignTicket(@Arg('ticketId', () => ID) ticketId: string, @Arg('userId', () => ID) userId: string, @Ctx() ctx: Context): Promise<Ticket> {
    return assignTicket(ctx, ticketId, userId);
  }

  @Authorized(Permission.SuperviseTickets)
  @Mutation(() => AgentProfile, { description: 'Set the ticket categories an agent is skilled in (ticket:supervise; audited).' })
  setAgentSkills(@Args() args: AgentSkillsArgs, @Ctx() ctx: Context): Promise<AgentProfile> {
    return transact(ctx, async (em) => {
      const user = await em.findOne(User, args.userId);
      if (!user || user.kind !== 'STAFF') throw new DomainError('NOT_FOUND', { field: 'userId' });
      const profile = await agentProfile(em, user.id);
      profile.skills = [...new Set(args.skills)];
      audit(em, ctx, 'ticket.agent-skills', { type: 'User', id: user.id }, { skills: profile.skills });
      return profile;
    });
  }

  @Authorized(Permission.WorkTickets)
  @Mutation(() => Boolean, { description: 'The tickets workspace\'s heartbeat: the caller counts as online for assignment for `agentOnlineMinutes`.' })
  async agentHeartbeat(@Ctx() ctx: Context): Promise<boolean> {
    await touchAgent(ctx.em, principalOf(ctx).user.id, new Date());
    return true;
  }

  @Subscription(() => TicketUpdate, {
    description: 'Support tickets changed live (opened, state, interactions, triage, assignment): a customer hears of their own tickets, never of staff-only changes (internal notes, assignment, triage); staff with ticket:work hear all. `ticketId` narrows to one ticket (NOT_FOUND for one the caller may not see).',
    // Authorization is checked again for every event, against the subscriber's principal as it is then.
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { ticketId?: string | null; after?: string | null }, Context>) => {
      const principal = principalOf(context);
      const customerId = principal.customerId;
      const staff = principal.permissions.has(Permission.WorkTickets);
      if (args.ticketId && (staff || principal.permissions.has(Permission.OwnTickets))) {
        if (!staff && !customerId) throw new DomainError('NOT_FOUND');
        await findTicket(context.app.orm.em.fork(), args.ticketId, staff ? undefined : customerId!);
      }
      return eventStream(context, {
        topic: Topic.TicketChanged,
        after: args.after,
        allowed: (p) => p.permissions.has(Permission.WorkTickets) || p.permissions.has(Permission.OwnTickets),
        // A customer (never staff) hears only of their own tickets, and not of what only staff see.
        matches: (payload) => (!args.ticketId || args.ticketId === payload.ticketId) && (!customerId || (customerId === payload.customerId && !payload.internal)),
        key: args.ticketId ? { field: 'ticketId', value: args.ticketId } : customerId ? { field: 'customerId', value: customerId } : null,
        visible: (payload, p) => p.permissions.has(Permission.WorkTickets) || (p.permissions.has(Permission.OwnTickets) && p.customerId === payload.customerId && !payload.internal),
      });
    },
  })
  async ticketUpdated(
    @Root() event: StreamedEvent<TicketChangedPayload>,
    @Arg('ticketId', () => ID, { nullable: true }) _ticketId: string | null,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): Promise<TicketUpdate> {
    return { cursor: event.cursor, ticket: await readForEvent(ctx, (em) => em.findOne(Ticket, event.payload.ticketId)) };
  }

  @Authorized(Owner, Permission.ReadCustomers, Permission.WorkTickets)
  @FieldResolver(() => Customer, { nullable: true, description: 'The customer: themself, and staff (customer:read:any or ticket:work).' })
  customer(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<Customer | null> {
    return ctx.loaders.byId(Customer).load(ticket.customer.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The agent working it (id and display name); null in the queue.' })
  assignee(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<User | null> | null {
    return ticket.assignee ? ctx.loaders.byId(User).load(ticket.assignee.id) : null;
  }

  @FieldResolver(() => [TicketInteraction], { description: 'The interactions, oldest first. Customers read only what is meant for them (never internal notes).' })
  async interactions(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<TicketInteraction[]> {
    const all = await ctx.loaders.manyBy(TicketInteraction, 'ticket').load(ticket.id);
    const visible = can(ctx, Permission.WorkTickets) ? all : all.filter((i) => i.customerVisible);
    return [...visible].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  }

  @FieldResolver(() => [TicketEvent], { description: 'The state history, oldest first.' })
  async events(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<TicketEvent[]> {
    const events = await ctx.loaders.manyBy(TicketEvent, 'ticket').load(ticket.id);
    return [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  @Authorized(Permission.WorkTickets)
  @FieldResolver(() => [TicketState], { nullable: true, description: 'The states staff may move it to now (staff: ticket:work).' })
  nextStates(@Root() ticket: Ticket): TicketState[] {
    return nextStates(ticketTransitions, ticket.state);
  }

  @Authorized(Permission.WorkTickets)
  @FieldResolver(() => TicketSla, { nullable: true, description: 'The SLA timers now (staff: ticket:work).' })
  async sla(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<TicketSla> {
    const params = await currentParameters(ctx.em);
    const limits = slaLimitSeconds(slaTargetsOf(params), ticket.priority);
    const now = new Date();
    const done = ticket.state === TicketState.RESOLVED || ticket.state === TicketState.CLOSED;
    const breaches = await ctx.loaders.manyBy(TicketSlaBreach, 'ticket').load(ticket.id);
    return {
      paused: ticket.pausedSince != null,
      elapsedSeconds: Math.round(slaElapsedSeconds(ticket, now)),
      firstResponseDueAt: ticket.firstRespondedAt || done ? null : slaDeadline(ticket, limits.firstResponse, now),
      resolutionDueAt: done ? null : slaDeadline(ticket, limits.resolution, now),
      breached: breaches.map((b) => b.kind).sort(),
    };
  }

  @FieldResolver(() => Date, { nullable: true, description: 'Until when the customer may reopen it (RESOLVED only, within the Master\'s reopen days); null otherwise.' })
  async reopenableUntil(@Root() ticket: Ticket, @Ctx() ctx: Context): Promise<Date | null> {
    if (!ticket.resolvedAt) return null;
    const { ticketReopenDays } = await currentParameters(ctx.em);
    const now = new Date();
    if (!canReopen({ state: ticket.state, resolvedAt: ticket.resolvedAt, now, reopenDays: ticketReopenDays })) return null;
    return new Date(ticket.resolvedAt.getTime() + ticketReopenDays * 86_400_000);
  }
}

/** The agent profile's user, for the skills editor. */
@Resolver(() => AgentProfile)
export class AgentProfileResolver {
  @FieldResolver(() => User)
  async user(@Root() profile: AgentProfile, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.byId(User).load(profile.user.id))!;
  }
}
