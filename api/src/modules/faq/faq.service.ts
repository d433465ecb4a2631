import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { type Connection, paginate } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { containsPattern } from '../../shared/search';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Ticket } from '../tickets/ticket.entity';
import { type TicketCategory, TicketState } from '../tickets/ticket.states';
import { FaqEntry, FaqState } from './faq-entry.entity';
import type { FaqEntriesArgs, ProposeFaqEntryInput, ReviewFaqEntryInput } from './faq.inputs';

/** Most entries a public search or suggestion returns. */
const MAX_RESULTS = 50;
const MAX_SUGGESTIONS = 5;

/**
 * Staff propose an FAQ entry (seed 000 "un historial de resoluciones y una base de datos de preguntas frecuentes"),
 * from a RESOLVED or CLOSED ticket when `ticketId` is given (INVALID_STATE otherwise; NOT_FOUND for an unknown one).
 */
export async function proposeFaqEntry(ctx: Context, input: ProposeFaqEntryInput): Promise<FaqEntry> {
  const user = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    let sourceTicket: Ticket | null = null;
    if (input.ticketId) {
      sourceTicket = await em.findOne(Ticket, input.ticketId);
      if (!sourceTicket) throw new DomainError('NOT_FOUND', { field: 'ticketId' });
      if (sourceTicket.state !== TicketState.RESOLVED && sourceTicket.state !== TicketState.CLOSED) throw new DomainError('INVALID_STATE', { state: sourceTicket.state });
    }
    const entry = em.create(FaqEntry, { question: input.question.trim(), answer: input.answer.trim(), category: input.category, sourceTicket, proposedBy: user, state: FaqState.PROPOSED, createdAt: new Date() });
    em.persist(entry);
    return entry;
  });
}

/**
 * A supervisor or the Master publishes (possibly edited) or rejects a proposed entry; audited. A published entry
 * may be rejected later (withdrawn). INVALID_STATE when it is already in the decided state; NOT_FOUND when unknown.
 */
export async function reviewFaqEntry(ctx: Context, input: ReviewFaqEntryInput): Promise<FaqEntry> {
  const user = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const entry = await em.findOne(FaqEntry, input.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!entry) throw new DomainError('NOT_FOUND');
    if (entry.state === input.decision) throw new DomainError('INVALID_STATE', { state: entry.state });
    if (input.question) entry.question = input.question.trim();
    if (input.answer) entry.answer = input.answer.trim();
    if (input.category) entry.category = input.category;
    entry.state = input.decision;
    entry.reviewedBy = user;
    entry.publishedAt = input.decision === FaqState.PUBLISHED ? new Date() : null;
    audit(em, ctx, input.decision === FaqState.PUBLISHED ? 'faq.published' : 'faq.rejected', { type: 'FaqEntry', id: entry.id }, { question: entry.question });
    return entry;
  });
}

/** Staff's list of entries by creation time, newest first, by state and text. */
export function listFaqEntries(ctx: Context, args: FaqEntriesArgs): Promise<Connection<FaqEntry>> {
  const where: FilterQuery<FaqEntry> = {};
  if (args.state) where.state = args.state;
  const pattern = containsPattern(args.search);
  if (pattern) where.$or = [{ question: { $ilike: pattern } }, { answer: { $ilike: pattern } }];
  return paginate(ctx.em, FaqEntry, where, args, { createdAt: 'desc', id: 'desc' });
}

/**
 * The public FAQ: published entries, best match first for `search` (PostgreSQL `websearch_to_tsquery('spanish', …)`
 * over the stemmed question and answer: "pagos" finds "pago"; quotes and `-word` work as on a search engine), else
 * newest first; at most 50.
 */
export async function searchFaq(em: EntityManager, search: string | null | undefined, category: TicketCategory | null | undefined): Promise<FaqEntry[]> {
  const text = search?.trim();
  const conditions = [`state = 'PUBLISHED'`];
  const params: unknown[] = [];
  if (category) {
    conditions.push('category = ?');
    params.push(category);
  }
  if (!text) {
    return em.find(FaqEntry, { state: FaqState.PUBLISHED, ...(category ? { category } : {}) }, { orderBy: { publishedAt: 'desc', id: 'desc' }, limit: MAX_RESULTS });
  }
  const rows = await em.execute<{ id: string }[]>(
    `SELECT id FROM faq_entry, websearch_to_tsquery('spanish', ?) q
      WHERE ${conditions.join(' AND ')} AND search_vector @@ q
      ORDER BY ts_rank(search_vector, q) DESC, published_at DESC LIMIT ${MAX_RESULTS}`,
    [text, ...params],
  );
  return inOrder(em, rows.map((r) => r.id));
}

/**
 * Entries that may answer what a customer is typing (a new ticket's subject and description): published entries
 * sharing any stemmed word with the text, most relevant first; at most 5. Empty for text without words.
 */
export async function faqSuggestions(em: EntityManager, text: string): Promise<FaqEntry[]> {
  if (!text.trim()) return [];
  // plainto_tsquery ANDs the words; a suggestion needs only some of them, so its terms are ORed.
  const rows = await em.execute<{ id: string }[]>(
    `WITH q AS (SELECT plainto_tsquery('spanish', ?) AS all_words)
     SELECT e.id FROM faq_entry e, q,
            LATERAL (SELECT CASE WHEN q.all_words::text = '' THEN NULL ELSE replace(q.all_words::text, ' & ', ' | ')::tsquery END AS any_word) w
      WHERE e.state = 'PUBLISHED' AND w.any_word IS NOT NULL AND e.search_vector @@ w.any_word
      ORDER BY ts_rank(e.search_vector, w.any_word) DESC, e.published_at DESC LIMIT ${MAX_SUGGESTIONS}`,
    [text],
  );
  return inOrder(em, rows.map((r) => r.id));
}

async function inOrder(em: EntityManager, ids: string[]): Promise<FaqEntry[]> {
  if (ids.length === 0) return [];
  const byId = new Map((await em.find(FaqEntry, { id: { $in: ids } })).map((e) => [e.id, e]));
  return ids.map((id) => byId.get(id)!).filter(Boolean);
}
