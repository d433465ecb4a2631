import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import type { InteractionDirection, InteractionKind, TicketCategory, TicketPriority, TicketState } from '../../graphql/generated/graphql';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { BackLink, DetailPending } from '../../lib/detail';
import { Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';
import { useSession } from '../../session/session';
import { ticketCategories, ticketPriorities } from './ticket-enums';

const StaffTicket = graphql(`
  query StaffTicketPage($id: ID!) {
    ticket(id: $id) {
      id number subject description state priority category suggestedCategory categoryConfirmed source createdAt solution nextStates
      customer { code fullName phone }
      assignee { id displayName }
      interactions { id kind direction body authorName at }
      events { id fromState toState actorName note at }
      sla { paused elapsedSeconds firstResponseDueAt resolutionDueAt breached }
    }
    ticketAgents { user { id displayName } load online }
  }
`);
const TicketLive = graphql(`
  subscription StaffTicketLive($id: ID!) { ticketUpdated(ticketId: $id) { cursor ticket { id state } } }
`);
const AddInteraction = graphql(`
  mutation StaffAddTicketInteraction($input: AddTicketInteractionInput!) { addTicketInteraction(input: $input) { id } }
`);
const ChangeState = graphql(`
  mutation StaffChangeTicketState($input: ChangeTicketStateInput!) { changeTicketState(input: $input) { id state } }
`);
const Triage = graphql(`mutation StaffTriageTicket($input: TriageTicketInput!) { triageTicket(input: $input) { id category priority categoryConfirmed } }`);
const Take = graphql(`mutation StaffTakeTicket($id: ID!) { takeTicket(ticketId: $id) { id assignee { id displayName } } }`);
const Assign = graphql(`mutation StaffAssignTicket($id: ID!, $userId: ID!) { assignTicket(ticketId: $id, userId: $userId) { id assignee { id displayName } } }`);
const ProposeFaq = graphql(`mutation StaffProposeFaq($input: ProposeFaqEntryInput!) { proposeFaqEntry(input: $input) { id } }`);

/** A form's refusal in plain words, or nothing; `run` clears it, runs the mutation and reloads the ticket. */
function useAction(reload: () => Promise<unknown>) {
  const { t, locale } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setProblem(null);
    try {
      await work();
      await reload();
      return true;
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
      return false;
    }
  };
  return { problem, run };
}

/**
 * One ticket for staff: the customer, the SLA timers, the whole interaction log (internal notes included), and the
 * work on it — reply, log a call or email, add an internal note, change state (the solution for RESOLVED, a reason
 * to escalate), take it or assign it (supervisors), confirm the category and priority, propose its solution to the FAQ.
 * Changes by the customer or other staff (a reply, a state, an assignment) reload it live.
 */
export function TicketPage() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const session = useSession();
  const query = useQuery(StaffTicket, { variables: { id }, fetchPolicy: 'cache-and-network' });
  useSubscription(TicketLive, { variables: { id }, onData: () => void query.refetch() });
  const back = <BackLink label={t('tickets.back')} />;
  const ticket = query.data?.ticket;
  if (!ticket) return <DetailPending back={back} error={query.error} />;
  const reload = () => query.refetch();
  const supervise = session.can('ticket:supervise');
  return (
    <section aria-labelledby="ticket-title">
      {back}
      <h1 id="ticket-title">
        {ticket.number} · {ticket.subject}
      </h1>
      <dl className="facts">
        <dt>{t('tickets.col.customer')}</dt>
        <dd>{ticket.customer ? `${ticket.customer.fullName} · ${ticket.customer.code} · ${ticket.customer.phone}` : '—'}</dd>
        <dt>{t('tickets.col.state')}</dt>
        <dd>{t(`ticketState.${ticket.state}`)}</dd>
        <dt>{t('tickets.col.source')}</dt>
        <dd>{t(`ticketSource.${ticket.source}`)}</dd>
        <dt>{t('tickets.col.assignee')}</dt>
        <dd>{ticket.assignee?.displayName ?? t('tickets.unassigned')}</dd>
        <dt>{t('tickets.sla.title')}</dt>
        <dd>
          {ticket.sla?.paused ? t('tickets.sla.paused') : null}
          {ticket.sla?.firstResponseDueAt ? <span> {t('tickets.sla.firstResponse', { date: formatDateTime(locale, ticket.sla.firstResponseDueAt) })}</span> : null}
          {ticket.sla?.resolutionDueAt ? <span> {t('tickets.sla.resolution', { date: formatDateTime(locale, ticket.sla.resolutionDueAt) })}</span> : null}
          {ticket.sla?.breached.length ? <strong> {t('tickets.sla.breached', { timers: ticket.sla.breached.map((b) => t(`tickets.sla.${b as 'FIRST_RESPONSE' | 'RESOLUTION'}`)).join(', ') })}</strong> : null}
        </dd>
        {ticket.solution ? (
          <>
            <dt>{t('tickets.solution')}</dt>
            <dd>{ticket.solution}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t('tickets.log')}</h2>
      <ol className="ticket-log">
        {ticket.interactions.map((i) => (
          <li key={i.id} className={i.kind === 'INTERNAL_NOTE' ? 'internal-note' : undefined}>
            <p className="hint">
              {i.authorName} · {t(`interactionKind.${i.kind}`)} · {t(`interactionDirection.${i.direction}`)} · <time dateTime={i.at}>{formatDateTime(locale, i.at)}</time>
            </p>
            <p>{i.body}</p>
          </li>
        ))}
      </ol>
      {ticket.state !== 'CLOSED' ? <InteractionForm ticketId={ticket.id} reload={reload} /> : null}
      <StateForm ticketId={ticket.id} nextStates={ticket.nextStates ?? []} reload={reload} />
      <AssignForm ticketId={ticket.id} agents={query.data?.ticketAgents ?? []} supervise={supervise} reload={reload} />
      <TriageForm ticketId={ticket.id} category={ticket.category} suggested={ticket.suggestedCategory ?? null} confirmed={ticket.categoryConfirmed ?? false} priority={ticket.priority} reload={reload} />
      {ticket.state === 'RESOLVED' || ticket.state === 'CLOSED' ? <ProposeFaqForm ticketId={ticket.id} question={ticket.subject} answer={ticket.solution ?? ''} category={ticket.category} /> : null}
      <h2>{t('tickets.history')}</h2>
      <ol>
        {ticket.events.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{formatDateTime(locale, e.at)}</time> · {e.actorName}: {e.fromState ? `${t(`ticketState.${e.fromState}`)} → ` : ''}
            {t(`ticketState.${e.toState}`)}
            {e.note ? ` (${e.note})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

function InteractionForm({ ticketId, reload }: { ticketId: string; reload: () => Promise<unknown> }) {
  const { t } = useI18n();
  const ids = useId();
  const [kind, setKind] = useState<InteractionKind>('MESSAGE');
  const [direction, setDirection] = useState<InteractionDirection>('TO_CUSTOMER');
  const [body, setBody] = useState('');
  const [add, adding] = useMutation(AddInteraction);
  const { problem, run } = useAction(reload);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    const done = await run(() => add({ variables: { input: { ticketId, kind, direction: kind === 'CALL' || kind === 'EMAIL' ? direction : null, body } } }));
    if (done) setBody('');
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('tickets.interaction.title')}</h2>
      <div className="filters">
        <label>
          {t('tickets.interaction.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as InteractionKind)}>
            {(['MESSAGE', 'CALL', 'EMAIL', 'INTERNAL_NOTE'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`interactionKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'CALL' || kind === 'EMAIL' ? (
          <label>
            {t('tickets.interaction.direction')}
            <select value={direction} onChange={(e) => setDirection(e.target.value as InteractionDirection)}>
              <option value="TO_CUSTOMER">{t('interactionDirection.TO_CUSTOMER')}</option>
              <option value="FROM_CUSTOMER">{t('interactionDirection.FROM_CUSTOMER')}</option>
            </select>
          </label>
        ) : null}
      </div>
      <label htmlFor={`${ids}-body`}>{kind === 'INTERNAL_NOTE' ? t('tickets.interaction.noteBody') : t('tickets.interaction.body')}</label>
      <textarea id={`${ids}-body`} value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={4000} required />
      <Problem text={problem} />
      <button type="submit" disabled={adding.loading}>
        {kind === 'MESSAGE' ? t('tickets.interaction.send') : t('tickets.interaction.log')}
      </button>
    </form>
  );
}

function StateForm({ ticketId, nextStates, reload }: { ticketId: string; nextStates: TicketState[]; reload: () => Promise<unknown> }) {
  const { t } = useI18n();
  const ids = useId();
  const [state, setState] = useState<TicketState | ''>('');
  const [text, setText] = useState('');
  const [change, changing] = useMutation(ChangeState);
  const { problem, run } = useAction(reload);
  if (nextStates.length === 0) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!state) return;
    const input = state === 'RESOLVED' ? { ticketId, state, solution: text || null } : { ticketId, state, note: text || null };
    if (await run(() => change({ variables: { input } }))) {
      setState('');
      setText('');
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('tickets.state.title')}</h2>
      <label>
        {t('tickets.state.to')}
        <select value={state} onChange={(e) => setState(e.target.value as TicketState | '')} required>
          <option value="">{t('tickets.state.choose')}</option>
          {nextStates.map((s) => (
            <option key={s} value={s}>
              {t(`ticketState.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${ids}-text`}>{state === 'RESOLVED' ? t('tickets.state.solution') : t('tickets.state.note')}</label>
      <textarea id={`${ids}-text`} value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={4000} />
      <Problem text={problem} />
      <button type="submit" disabled={changing.loading}>
        {t('tickets.state.submit')}
      </button>
    </form>
  );
}

function AssignForm({ ticketId, agents, supervise, reload }: { ticketId: string; agents: { user: { id: string; displayName: string }; load: number; online: boolean }[]; supervise: boolean; reload: () => Promise<unknown> }) {
  const { t } = useI18n();
  const ids = useId();
  const [userId, setUserId] = useState('');
  const [take, taking] = useMutation(Take);
  const [assign, assigning] = useMutation(Assign);
  const { problem, run } = useAction(reload);
  return (
    <div aria-labelledby={`${ids}-title`} role="group">
      <h2 id={`${ids}-title`}>{t('tickets.assign.title')}</h2>
      <button type="button" disabled={taking.loading} onClick={() => void run(() => take({ variables: { id: ticketId } }))}>
        {t('tickets.assign.take')}
      </button>
      {supervise ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (userId) void run(() => assign({ variables: { id: ticketId, userId } }));
          }}
        >
          <label>
            {t('tickets.assign.to')}
            <select value={userId} onChange={(e) => setUserId(e.target.value)} required>
              <option value="">{t('tickets.state.choose')}</option>
              {agents.map((a) => (
                <option key={a.user.id} value={a.user.id}>
                  {t('tickets.assign.agent', { name: a.user.displayName, load: a.load, online: a.online ? t('tickets.assign.online') : t('tickets.assign.offline') })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={assigning.loading}>
            {t('tickets.assign.submit')}
          </button>
        </form>
      ) : null}
      <Problem text={problem} />
    </div>
  );
}

function TriageForm(props: { ticketId: string; category: TicketCategory; suggested: TicketCategory | null; confirmed: boolean; priority: TicketPriority; reload: () => Promise<unknown> }) {
  const { t } = useI18n();
  const ids = useId();
  const [category, setCategory] = useState<TicketCategory>(props.category);
  const [priority, setPriority] = useState<TicketPriority>(props.priority);
  const [triage, saving] = useMutation(Triage);
  const { problem, run } = useAction(props.reload);
  return (
    <form
      aria-labelledby={`${ids}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => triage({ variables: { input: { ticketId: props.ticketId, category, priority } } }));
      }}
    >
      <h2 id={`${ids}-title`}>{t('tickets.triage.title')}</h2>
      <p className="hint">
        {props.suggested ? t('tickets.triage.suggested', { category: t(`ticketCategory.${props.suggested}`) }) : null}{' '}
        {props.confirmed ? t('tickets.triage.confirmed') : t('tickets.triage.unconfirmed')}
      </p>
      <div className="filters">
        <label>
          {t('tickets.col.category')}
          <select value={category} onChange={(e) => setCategory(e.target.value as TicketCategory)}>
            {ticketCategories.map((c) => (
              <option key={c} value={c}>
                {t(`ticketCategory.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tickets.col.priority')}
          <select value={priority} onChange={(e) => setPriority(e.target.value as TicketPriority)}>
            {ticketPriorities.map((p) => (
              <option key={p} value={p}>
                {t(`ticketPriority.${p}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Problem text={problem} />
      <button type="submit" disabled={saving.loading}>
        {t('tickets.triage.submit')}
      </button>
    </form>
  );
}

function ProposeFaqForm(props: { ticketId: string; question: string; answer: string; category: TicketCategory }) {
  const { t, locale } = useI18n();
  const ids = useId();
  const [question, setQuestion] = useState(props.question);
  const [answer, setAnswer] = useState(props.answer);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [propose, proposing] = useMutation(ProposeFaq);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await propose({ variables: { input: { ticketId: props.ticketId, question, answer, category: props.category } } });
      setDone(true);
    } catch (error) {
      setProblem(refusalOf(error, t, locale).message);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('tickets.faq.propose')}</h2>
      <label htmlFor={`${ids}-q`}>{t('tickets.faq.question')}</label>
      <input id={`${ids}-q`} value={question} onChange={(e) => setQuestion(e.target.value)} minLength={5} maxLength={300} required />
      <label htmlFor={`${ids}-a`}>{t('tickets.faq.answer')}</label>
      <textarea id={`${ids}-a`} value={answer} onChange={(e) => setAnswer(e.target.value)} rows={3} minLength={5} maxLength={4000} required />
      <Problem text={problem} />
      {done ? (
        <p className="notice" role="status">
          {t('tickets.faq.proposed')}
        </p>
      ) : null}
      <button type="submit" disabled={proposing.loading || done}>
        {t('tickets.faq.proposeSubmit')}
      </button>
    </form>
  );
}
