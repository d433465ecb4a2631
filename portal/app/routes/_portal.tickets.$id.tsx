import { getFormProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { FieldErrors, FormError, Notice } from '../components/field';
import { Submit } from '../components/submit';
import { SurveyForm } from '../components/survey-form';
import { ticketActionSchema } from '../forms/schemas';
import { ReopenMyTicket, ReplyToMyTicket, SubmitTicketSurvey, TicketPage } from '../graphql/tickets.server';
import { formatDate, formatDateTime } from '../i18n/format';
import { useLocale, useT, type MessageKey } from '../i18n/i18n';
import { ApiUnavailable } from '../lib/api.server';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { useLiveRefresh } from '../live/use-live-refresh';
import { refusalText } from '../lib/refusal.server';

export const meta = title('ticket.title');

/** One of my tickets with the conversation meant for me (never internal notes) and its survey; another's is a 404. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api } = await page(request, context);
  const answer = await api.asCustomer(TicketPage, { id: params.id! });
  if (answer.refusal?.code === 'NOT_FOUND' || answer.refusal?.code === 'BAD_USER_INPUT') throw new Response('Not found', { status: 404 });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  return data({ ticket: answer.data.ticket }, { headers: await api.headers() });
}

/** replyToMyTicket, reopenMyTicket or submitSurvey, told apart by `intent`; refusals under the form that caused them. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: ticketActionSchema(t) });
  if (submission.status !== 'success') return data({ intent: submission.payload.intent, result: submission.reply(), done: null }, 400);
  const value = submission.value;
  const answer =
    value.intent === 'reply'
      ? await api.asCustomer(ReplyToMyTicket, { ticketId: params.id!, body: value.body })
      : value.intent === 'reopen'
        ? await api.asCustomer(ReopenMyTicket, { ticketId: params.id!, body: value.body })
        : await api.asCustomer(SubmitTicketSurvey, {
            input: {
              surveyId: value.surveyId, generalScore: value.generalScore, responseTimeScore: value.responseTimeScore, qualityScore: value.qualityScore,
              priceScore: value.priceScore, attentionScore: value.attentionScore, recommendScore: value.recommendScore, comments: value.comments || null,
            },
          });
  const headers = await api.headers();
  if (answer.refusal) return data({ intent: value.intent, result: submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)] }), done: null }, { status: 400, headers });
  const done: MessageKey = value.intent === 'reply' ? 'ticket.replied' : value.intent === 'reopen' ? 'ticket.reopened' : 'survey.thanks';
  return data({ intent: value.intent, result: submission.reply({ resetForm: true }), done }, { headers });
}

/** A message form (reply or reopen) with one text area. */
function MessageForm({ intent, label, submit, lastResult }: { intent: 'reply' | 'reopen'; label: string; submit: string; lastResult?: SubmissionResult<string[]> }) {
  const t = useT();
  const [form, fields] = useForm({
    id: `${intent}-form`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ticketActionSchema(t) }),
    shouldValidate: 'onSubmit',
  });
  const body = getTextareaProps(fields.body);
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={intent} />
      <div className="field">
        <label htmlFor={fields.body.id}>{label}</label>
        <textarea {...body} key={body.key} rows={3} />
        <FieldErrors field={fields.body} />
      </div>
      <FormError id={form.errorId} errors={form.errors} />
      <Submit>{submit}</Submit>
    </Form>
  );
}

export default function TicketView() {
  const t = useT();
  const locale = useLocale();
  const { ticket } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // An agent's reply or a state change shows without a reload (staff-only changes never reach the customer).
  useLiveRefresh({ ticket: ticket.id });
  const resultOf = (intent: string) => (actionData?.intent === intent ? actionData.result : undefined);
  const closed = ticket.state === 'RESOLVED' || ticket.state === 'CLOSED';
  return (
    <section className="card">
      <p>
        <Link to="/tickets">{t('ticket.back')}</Link>
      </p>
      <h1>
        {t('ticket.title')} {ticket.number}
      </h1>
      <p className="lead">{ticket.subject}</p>
      <p>
        <span className={`state state-${ticket.state.toLowerCase()}`}>{t(`ticketState.${ticket.state}`)}</span> · {t(`ticketCategory.${ticket.category}`)} ·{' '}
        {t('ticket.opened', { date: formatDate(locale, ticket.createdAt) })}
      </p>
      {actionData?.done ? <Notice>{t(actionData.done)}</Notice> : null}
      {ticket.solution ? (
        <section aria-labelledby="solution-title">
          <h2 id="solution-title">{t('ticket.solution')}</h2>
          <p>{ticket.solution}</p>
        </section>
      ) : null}
      <section aria-labelledby="conversation-title">
        <h2 id="conversation-title">{t('ticket.conversation')}</h2>
        <ol className="ticket-conversation">
          {ticket.interactions.map((i) => (
            <li key={i.id} className={`interaction interaction-${i.direction.toLowerCase()}`}>
              <p className="hint">
                {i.authorName} · {t(`interactionKind.${i.kind}`)} · <time dateTime={i.at}>{formatDateTime(locale, i.at)}</time>
              </p>
              <p>{i.body}</p>
            </li>
          ))}
        </ol>
      </section>
      {!closed ? <MessageForm intent="reply" label={t('ticket.reply')} submit={t('ticket.send')} lastResult={resultOf('reply')} /> : null}
      {ticket.state === 'RESOLVED' && ticket.reopenableUntil ? (
        <section aria-labelledby="reopen-title">
          <h2 id="reopen-title">{t('ticket.reopenTitle')}</h2>
          <p className="hint">{t('ticket.reopenUntil', { date: formatDate(locale, ticket.reopenableUntil) })}</p>
          <MessageForm intent="reopen" label={t('ticket.reopenWhy')} submit={t('ticket.reopen')} lastResult={resultOf('reopen')} />
        </section>
      ) : null}
      {ticket.survey ? (
        <section aria-labelledby="survey-title">
          <h2 id="survey-title">{t('ticket.surveyTitle')}</h2>
          {ticket.survey.submittedAt ? (
            <Notice>{t('survey.thanks')}</Notice>
          ) : (
            <>
              <p>{t('ticket.surveyIntro')}</p>
              <SurveyForm surveyId={ticket.survey.id} lastResult={resultOf('survey')} />
            </>
          )}
        </section>
      ) : null}
    </section>
  );
}
