import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { graphql } from '../../graphql/generated';
import { formatDateTime } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { BackLink, DetailPending } from '../../lib/detail';
import { Problem } from '../../lib/problem';
import { refusalOf } from '../../lib/refusal';

const SupportChat = graphql(`
  query SupportChat($id: ID!, $first: Int!, $after: String) {
    chatConversation(id: $id) {
      id state createdAt agentName heldByMe unansweredReason customerReadSeq lastSeq unreadCount subjectType
      request { id number } order { id number }
      customer { id code fullName phone }
      messages(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id seq side body authorName createdAt attachments { id } } }
      }
      customerContext {
        openRequests { id number description state }
        openOrders { id number state }
        lastPayment { id reference state amountMinor currency createdAt }
      }
    }
    cannedReplies { id title body }
  }
`);
const SupportChatLive = graphql(`
  subscription SupportChatLive($id: ID!) { chatUpdated(conversationId: $id) { cursor kind conversation { id state customerReadSeq } } }
`);
const SupportChatTyping = graphql(`
  subscription SupportChatTyping($id: ID!) { chatTyping(conversationId: $id) { name typing } }
`);
const TakeChat = graphql(`
  mutation SupportTakeChat($id: ID!) { takeChat(conversationId: $id) { id state agentName heldByMe } }
`);
const SendChatMessage = graphql(`
  mutation SupportSendChatMessage($id: ID!, $input: ChatMessageInput!) { sendChatMessage(conversationId: $id, input: $input) { id seq } }
`);
const MarkChatRead = graphql(`
  mutation SupportMarkChatRead($id: ID!, $seq: Int!) { markChatRead(conversationId: $id, seq: $seq) { id agentReadSeq unreadCount } }
`);
const SetChatTyping = graphql(`
  mutation SupportSetChatTyping($id: ID!, $typing: Boolean!) { setChatTyping(conversationId: $id, typing: $typing) }
`);
const CloseChat = graphql(`
  mutation SupportCloseChat($id: ID!) { closeChat(conversationId: $id) { id state } }
`);

const PAGE = 30;
const TYPING_EVERY_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
const TYPING_SHOWN_MS = 6_000;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * One customer's chat for an agent: the messages (live, newest at the bottom, earlier ones a page at a time),
 * the customer typing, whether the customer read the agent's messages, the composer with canned replies and
 * images (through POST /uploads), take and close; beside it, the customer's open requests and orders and last
 * payment. Opening it marks the customer's messages read.
 */
export function ConversationPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const ids = useId();
  const chat = useQuery(SupportChat, { variables: { id, first: PAGE } });
  const [customerTyping, setCustomerTyping] = useState<string | null>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>();
  useSubscription(SupportChatLive, { variables: { id }, onData: () => void chat.refetch({ id, first: PAGE, after: null }) });
  useSubscription(SupportChatTyping, {
    variables: { id },
    onData: ({ data }) => {
      const signal = data.data?.chatTyping;
      if (!signal) return;
      clearTimeout(typingTimer.current);
      setCustomerTyping(signal.typing ? signal.name : null);
      if (signal.typing) typingTimer.current = setTimeout(() => setCustomerTyping(null), TYPING_SHOWN_MS);
    },
  });
  const [take, taking] = useMutation(TakeChat);
  const [send, sending] = useMutation(SendChatMessage);
  const [markRead] = useMutation(MarkChatRead);
  const [setTyping] = useMutation(SetChatTyping);
  const [close, closing] = useMutation(CloseChat);
  const [problem, setProblem] = useState<string | null>(null);
  const [body, setBody] = useState('');
  const [images, setImages] = useState<{ id: string; name: string }[]>([]);
  const [uploading, setUploading] = useState(false);
  const lastTypingSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout>>();

  const c = chat.data?.chatConversation;
  const lastSeq = c?.lastSeq ?? 0;
  const unread = c?.unreadCount ?? 0;
  useEffect(() => {
    if (unread > 0 && c?.state !== 'CLOSED') void markRead({ variables: { id, seq: lastSeq } }).catch(() => undefined);
  }, [id, lastSeq, unread, c?.state, markRead]);
  useEffect(() => {
    const last = c?.messages.edges[0]?.node;
    if (last?.side === 'CUSTOMER') setCustomerTyping(null);
  }, [c?.messages.edges]);

  const back = <BackLink label={t('support.chat.back')} />;
  if (!c) return <DetailPending back={back} error={chat.error} />;

  const refuse = (error: unknown) => setProblem(refusalOf(error, t, locale).message);
  const open = c.state !== 'CLOSED';
  const mayWrite = open && (c.heldByMe || c.state === 'WAITING_AGENT');
  const messages = [...c.messages.edges].reverse();

  const typed = (text: string) => {
    setBody(text);
    const now = Date.now();
    if (now - lastTypingSent.current > TYPING_EVERY_MS) {
      lastTypingSent.current = now;
      void setTyping({ variables: { id, typing: true } }).catch(() => undefined);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(() => {
      lastTypingSent.current = 0;
      void setTyping({ variables: { id, typing: false } }).catch(() => undefined);
    }, TYPING_IDLE_MS);
  };
  const attach = async (files: FileList) => {
    setProblem(null);
    setUploading(true);
    try {
      for (const file of Array.from(files)) {
        if (!ACCEPTED.includes(file.type)) {
          setProblem(t('support.chat.wrongType', { name: file.name }));
          continue;
        }
        const answer = await fetch('/uploads', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': file.type }, body: file });
        const json = (await answer.json()) as { id?: string; errors?: { extensions?: { code?: string } }[] };
        if (answer.status === 201 && json.id) setImages((all) => [...all, { id: json.id!, name: file.name }]);
        else setProblem(t('support.chat.uploadFailed', { name: file.name }));
      }
    } finally {
      setUploading(false);
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    try {
      await send({ variables: { id, input: { body, attachmentIds: images.map((i) => i.id) } } });
      clearTimeout(idle.current);
      lastTypingSent.current = 0;
      setBody('');
      setImages([]);
      await chat.refetch({ id, first: PAGE, after: null });
    } catch (error) {
      refuse(error);
    }
  };

  return (
    <section aria-labelledby="chat-title" className="chat-page">
      {back}
      <h1 id="chat-title">{t('support.chat.title', { name: c.customer?.fullName ?? '', code: c.customer?.code ?? '' })}</h1>
      <p>
        <span className={`badge state-${c.state}`}>{t(`chatState.${c.state}`)}</span>{' '}
        {c.agentName ? t('support.chat.heldBy', { name: c.heldByMe ? t('support.inbox.me') : c.agentName }) : t('support.chat.nobody')}{' '}
        {c.unansweredReason ? <span className="badge">{t(`support.unanswered.${c.unansweredReason}`)}</span> : null}
      </p>
      <div className="chat-layout">
        <div className="chat-main">
          {c.messages.pageInfo.hasNextPage ? (
            <button type="button" onClick={() => void chat.fetchMore({ variables: { id, first: PAGE, after: c.messages.pageInfo.endCursor } })}>
              {t('support.chat.earlier')}
            </button>
          ) : null}
          <ol className="chat-messages" aria-label={t('support.chat.messages')}>
            {messages.map(({ node: m }) => (
              <li key={m.id} className={m.side === 'AGENT' ? 'chat-message mine' : 'chat-message theirs'}>
                <p className="chat-meta">
                  {m.authorName} · <time dateTime={m.createdAt}>{formatDateTime(locale, m.createdAt)}</time>
                </p>
                {m.body ? <p className="chat-text">{m.body}</p> : null}
                {m.attachments.map((a, i) => (
                  <a key={a.id} href={`/uploads/${a.id}`} target="_blank" rel="noopener">
                    <img src={`/uploads/${a.id}`} alt={t('support.chat.imageAlt', { n: i + 1, name: m.authorName })} width={120} height={120} loading="lazy" />
                  </a>
                ))}
                {m.side === 'AGENT' ? <p className="chat-receipt">{m.seq <= c.customerReadSeq ? t('support.chat.read') : t('support.chat.sent')}</p> : null}
              </li>
            ))}
          </ol>
          <p role="status" className="chat-typing">{customerTyping ? t('support.chat.typing', { name: customerTyping }) : ''}</p>
          <Problem text={problem} />
          {c.state === 'ACTIVE' && !c.heldByMe ? <p>{t('support.chat.heldByOther', { name: c.agentName ?? '' })}</p> : null}
          {c.state === 'WAITING_AGENT' ? (
            <button type="button" disabled={taking.loading} onClick={() => void take({ variables: { id } }).then(() => chat.refetch(), refuse)}>
              {t('support.chat.take')}
            </button>
          ) : null}
          {mayWrite ? (
            <form className="chat-composer" onSubmit={(e) => void submit(e)} aria-labelledby={`${ids}-composer`}>
              <h2 id={`${ids}-composer`}>{t('support.chat.reply')}</h2>
              {chat.data?.cannedReplies.length ? (
                <div className="field">
                  <label htmlFor={`${ids}-canned`}>{t('support.chat.canned')}</label>
                  <select id={`${ids}-canned`} value="" onChange={(e) => {
                    const reply = chat.data?.cannedReplies.find((r) => r.id === e.target.value);
                    if (reply) typed(body ? `${body} ${reply.body}` : reply.body);
                  }}>
                    <option value="">{t('support.chat.cannedPick')}</option>
                    {chat.data.cannedReplies.map((r) => (
                      <option key={r.id} value={r.id}>{r.title}</option>
                    ))}
                  </select>
                </div>
              ) : null}
              <div className="field">
                <label htmlFor={`${ids}-body`}>{t('support.chat.message')}</label>
                <textarea id={`${ids}-body`} rows={3} maxLength={2000} value={body} onChange={(e) => typed(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor={`${ids}-images`}>{t('support.chat.attach')}</label>
                <input id={`${ids}-images`} type="file" accept={ACCEPTED.join(',')} multiple onChange={(e) => e.target.files && void attach(e.target.files).then(() => (e.target.value = ''))} />
                {images.length ? <p>{t('support.chat.attached', { names: images.map((i) => i.name).join(', ') })}</p> : null}
              </div>
              <button type="submit" disabled={sending.loading || uploading}>{t('support.chat.send')}</button>
            </form>
          ) : null}
          {open && (c.heldByMe || c.state === 'WAITING_AGENT') ? (
            <button type="button" className="secondary" disabled={closing.loading} onClick={() => void close({ variables: { id } }).catch(refuse)}>
              {t('support.chat.close')}
            </button>
          ) : null}
        </div>
        <aside className="chat-context" aria-labelledby={`${ids}-context`}>
          <h2 id={`${ids}-context`}>{t('support.context.title')}</h2>
          <dl className="details">
            <dt>{t('support.context.customer')}</dt>
            <dd>{c.customer ? `${c.customer.fullName} (${c.customer.code}) · ${c.customer.phone}` : '—'}</dd>
            {c.order ? (<><dt>{t('support.context.about')}</dt><dd>{t('support.context.aboutOrder', { number: c.order.number })}</dd></>) : null}
            {c.request ? (<><dt>{t('support.context.about')}</dt><dd>{t('support.context.aboutRequest', { number: c.request.number })}</dd></>) : null}
          </dl>
          <h3>{t('support.context.requests')}</h3>
          {c.customerContext?.openRequests.length ? (
            <ul>{c.customerContext.openRequests.map((r) => <li key={r.id}>{r.number} · {r.description} · {t(`state.${r.state}`)}</li>)}</ul>
          ) : <p>{t('support.context.none')}</p>}
          <h3>{t('support.context.orders')}</h3>
          {c.customerContext?.openOrders.length ? (
            <ul>{c.customerContext.openOrders.map((o) => <li key={o.id}>{o.number} · {t(`orderState.${o.state}`)}</li>)}</ul>
          ) : <p>{t('support.context.none')}</p>}
          <h3>{t('support.context.lastPayment')}</h3>
          {c.customerContext?.lastPayment ? (
            <p>{c.customerContext.lastPayment.reference} · {t(`payState.${c.customerContext.lastPayment.state}`)} · {formatDateTime(locale, c.customerContext.lastPayment.createdAt)}</p>
          ) : <p>{t('support.context.none')}</p>}
        </aside>
      </div>
    </section>
  );
}
