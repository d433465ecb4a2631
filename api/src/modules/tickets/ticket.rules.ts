import { TicketPriority, TicketState } from './ticket.states';

/** SLA targets per priority (Master parameters): first response in minutes, resolution in hours. */
export interface SlaTargets {
  firstResponseMinutes: Record<TicketPriority, number>;
  resolutionHours: Record<TicketPriority, number>;
}

/** The SLA clock of a ticket: when it started and how long it was paused waiting on the customer. */
export interface SlaClock {
  createdAt: Date;
  /** Seconds spent in WAITING_CUSTOMER before the current wait. */
  pausedSeconds: number;
  /** Start of the current wait on the customer; null when not waiting. */
  pausedSince: Date | null;
}

/** Seconds the SLA clock ran by `now`: wall time since creation minus every wait on the customer. */
export function slaElapsedSeconds(clock: SlaClock, now: Date): number {
  const wall = (now.getTime() - clock.createdAt.getTime()) / 1000;
  const current = clock.pausedSince ? Math.max(0, (now.getTime() - clock.pausedSince.getTime()) / 1000) : 0;
  return Math.max(0, wall - clock.pausedSeconds - current);
}

/** The SLA limits of a priority, in seconds of running clock. */
export function slaLimitSeconds(targets: SlaTargets, priority: TicketPriority): { firstResponse: number; resolution: number } {
  return { firstResponse: targets.firstResponseMinutes[priority] * 60, resolution: targets.resolutionHours[priority] * 3600 };
}

/**
 * When the timer of `limitSeconds` runs out, seen at `now`: the wall-clock deadline, pushed later by the pauses; null
 * while the clock is paused (waiting on the customer: no deadline runs).
 */
export function slaDeadline(clock: SlaClock, limitSeconds: number, now: Date): Date | null {
  if (clock.pausedSince) return null;
  const remaining = limitSeconds - slaElapsedSeconds(clock, now);
  return new Date(now.getTime() + remaining * 1000);
}

/**
 * Which SLA timers a ticket has breached at `now` (strictly past the limit). First response counts until the first
 * reply to the customer; resolution until the ticket is RESOLVED or CLOSED.
 */
export function breachedTimers(
  t: SlaClock & { priority: TicketPriority; state: TicketState; firstRespondedAt: Date | null },
  targets: SlaTargets,
  now: Date,
): ('FIRST_RESPONSE' | 'RESOLUTION')[] {
  if (t.state === TicketState.RESOLVED || t.state === TicketState.CLOSED) return [];
  const elapsed = slaElapsedSeconds(t, now);
  const limits = slaLimitSeconds(targets, t.priority);
  const breached: ('FIRST_RESPONSE' | 'RESOLUTION')[] = [];
  if (!t.firstRespondedAt && elapsed > limits.firstResponse) breached.push('FIRST_RESPONSE');
  if (elapsed > limits.resolution) breached.push('RESOLUTION');
  return breached;
}

/** Whether the customer may still reopen a ticket resolved at `resolvedAt` (within `reopenDays` days, inclusive). */
export function canReopen(r: { state: TicketState; resolvedAt: Date | null; now: Date; reopenDays: number }): boolean {
  if (r.state !== TicketState.RESOLVED || !r.resolvedAt) return false;
  return r.now.getTime() - r.resolvedAt.getTime() <= r.reopenDays * 86_400_000;
}

/** An agent who could take a ticket. */
export interface AgentCandidate {
  userId: string;
  /** Categories the agent is skilled in. */
  skills: readonly string[];
  /** Active tickets assigned to the agent. */
  load: number;
  /** Last sign of activity in the back-office; null if never. */
  lastSeenAt: Date | null;
}

/** Whether an agent counts as online: seen within the last `onlineMinutes` minutes. */
export function isOnline(lastSeenAt: Date | null, now: Date, onlineMinutes: number): boolean {
  return lastSeenAt != null && now.getTime() - lastSeenAt.getTime() <= onlineMinutes * 60_000;
}

/**
 * The most suitable available agent for a ticket of `category` (seed 000 "el miembro del equipo de soporte más
 * adecuado"): online agents only; those skilled in the category before the rest; then the lowest load; then the one
 * seen most recently; then by id, so the choice is deterministic. Null when nobody is online.
 */
export function pickAgent(candidates: readonly AgentCandidate[], category: string, now: Date, onlineMinutes: number): string | null {
  const online = candidates.filter((c) => isOnline(c.lastSeenAt, now, onlineMinutes));
  const ranked = [...online].sort((a, b) => {
    const skill = Number(b.skills.includes(category)) - Number(a.skills.includes(category));
    if (skill !== 0) return skill;
    if (a.load !== b.load) return a.load - b.load;
    const seen = (b.lastSeenAt?.getTime() ?? 0) - (a.lastSeenAt?.getTime() ?? 0);
    if (seen !== 0) return seen;
    return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
  });
  return ranked[0]?.userId ?? null;
}
