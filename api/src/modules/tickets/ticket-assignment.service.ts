import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../identity/role';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { AgentProfile } from './agent-profile.entity';
import { type AgentCandidate, pickAgent } from './ticket.rules';
import type { Ticket } from './ticket.entity';
import { activeTicketStates } from './ticket.states';

/** Roles whose members take tickets by automatic assignment (DESIGN roles: support and the Venezuela agents). */
export const AGENT_ROLES: readonly Role[] = [Role.SUPPORT, Role.VENEZUELA_AGENT];

/**
 * Key of the transaction-level advisory lock held while an agent is chosen: two tickets opened at once count each
 * other's assignment in the loads instead of both landing on the same least-loaded agent.
 */
const ASSIGNMENT_LOCK_KEY = 7_418_500_010;

/** Every active agent with skills, load (active tickets assigned) and last activity. */
export async function agentCandidates(em: EntityManager): Promise<AgentCandidate[]> {
  const rows = await em.execute<{ id: string; skills: string[] | null; last_seen_at: Date | null; load: string }[]>(
    `SELECT u.id, p.skills, p.last_seen_at,
            (SELECT count(*) FROM ticket t WHERE t.assignee_id = u.id AND t.state IN (${activeTicketStates.map((s) => `'${s}'`).join(', ')}))::text AS load
       FROM app_user u LEFT JOIN agent_profile p ON p.user_id = u.id
      WHERE u.kind = 'STAFF' AND u.active AND u.roles && ARRAY[${AGENT_ROLES.map((r) => `'${r}'`).join(', ')}]::text[]`,
  );
  return rows.map((r) => ({ userId: r.id, skills: r.skills ?? [], lastSeenAt: r.last_seen_at ? new Date(r.last_seen_at) : null, load: Number(r.load) }));
}

/**
 * Assigns the ticket to the most suitable online agent (`pickAgent`: skill, load, activity) in the caller's
 * transaction and notifies them; leaves it unassigned in the queue when nobody is online. Returns the agent or null.
 */
export async function autoAssign(em: EntityManager, ticket: Ticket, onlineMinutes: number, now: Date): Promise<User | null> {
  await em.execute('SELECT pg_advisory_xact_lock(?)', [ASSIGNMENT_LOCK_KEY]);
  const agentId = pickAgent(await agentCandidates(em), ticket.category, now, onlineMinutes);
  if (!agentId) return null;
  const agent = await em.findOneOrFail(User, agentId);
  assignTo(em, ticket, agent);
  return agent;
}

/** Sets the assignee and tells them in-app. */
export function assignTo(em: EntityManager, ticket: Ticket, agent: User): void {
  ticket.assignee = agent;
  notifyUser(em, {
    userId: agent.id,
    kind: 'TICKET_ASSIGNED',
    title: { es: `Ticket asignado: ${ticket.number}`, en: `Ticket assigned: ${ticket.number}` },
    body: { es: ticket.subject, en: ticket.subject },
    data: { ticketId: ticket.id, number: ticket.number },
  });
}

/** Records the agent's heartbeat: they count as online for `agentOnlineMinutes` from `now`. */
export async function touchAgent(em: EntityManager, userId: string, now: Date): Promise<void> {
  await em.execute(
    `INSERT INTO agent_profile (user_id, skills, last_seen_at) VALUES (?, '{}', ?)
     ON CONFLICT (user_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
    [userId, now],
  );
}

/** The agent's profile, created empty on first use. */
export async function agentProfile(em: EntityManager, userId: string): Promise<AgentProfile> {
  const existing = await em.findOne(AgentProfile, { user: userId });
  if (existing) return existing;
  const profile = em.create(AgentProfile, { user: em.getReference(User, userId), skills: [], lastSeenAt: null });
  em.persist(profile);
  return profile;
}
