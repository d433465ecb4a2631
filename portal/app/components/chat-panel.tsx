import { useFetcher } from '@remix-run/react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { MAX_CHAT_MESSAGE } from '../forms/schemas';
import { formatTime } from '../i18n/format';
import { useLocale, useT } from '../i18n/i18n';
import { documentRequest } from '../lib/trusted-document';
import { PortalChatLiveDocument, PortalChatTypingDocument } from '../live/generated/graphql';
import { keepSubscribed } from '../live/keep-subscribed';
import { liveClient } from '../live/live-client';
import type { action as chatAction, loader as chatLoader } from '../routes/chat';
import { FaqSuggestions } from './faq-suggestions';
import { PhotoPicker } from './photo-picker';

/** Typing is said at most this often while the customer types, and "stopped" after this long without a key. */
const TYPING_EVERY_MS = 3_000;
const TYPING_IDLE_MS = 4_000;
/** An agent's "typing" is shown this long unless they stop or write first (a lost "stopped" never sticks). */
const TYPING_SHOWN_MS = 6_000;
const MAX_CHAT_IMAGES = 4;

/**
 * Follows a live subscription on the tab's one connection, resuming after the last cursor seen when the
 * connection drops (nothing missed), and calls `onEvent` for each event and after each failure (so the caller
 * refetches and is never stale).
 */
function useLive(request: (after: string | undefined) => ReturnType<typeof documentRequest> & { variables: Record<string, unknown> }, key: string | null, onEvent: (data: Record<string, unknown> | null | undefined) => void): void {
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;
  const requestRef = useRef(request);
  requestRef.current = request;
  useEffect(() => {
    if (key === null) return;
    let cursor: string | undefined;
    return keepSubscribed(({ received, failed }) =>
      liveClient().subscribe<Record<string, unknown>>(requestRef.current(cursor), {
        next: (result) => {
          received();
          const envelope = result.data ? (Object.values(result.data)[0] as { cursor?: string } | undefined) : undefined;
          cursor = envelope?.cursor ?? cursor;
          onEventRef.current(result.data);
        },
        error: () => {
          cursor = undefined;
          onEventRef.current(null);
          failed();
        },
        complete: () => undefined,
      }),
    );
  }, [key]);
}

/**
 * The support chat of every signed-in portal page (issue 10): a floating button with the unread count opens a
 * panel with the customer's latest chat. Messages, the agent taking it and read receipts arrive live (the
 * panel reloads `GET /chat` on each `chatUpdated`), the agent's typing too; new agent messages are announced
 * to screen readers; the customer's messages show "sent"/"read"; images attach through `POST /photos`. When
 * no agent is online, or nobody answered in time, the panel says so. While the customer writes, published FAQ
 * entries that may answer them show above the composer (the new-ticket form's suggestions; sending stays free).
 */
export function ChatPanel() {
  const t = useT();
  const locale = useLocale();
  const panelId = useId();
  const titleId = useId();
  const bodyId = useId();
  const [open, setOpen] = useState(false);
  const state = useFetcher<typeof chatLoader>();
  const sender = useFetcher<typeof chatAction>();
  const signal = useFetcher<typeof chatAction>();
  const reader = useFetcher<typeof chatAction>();
  const [agentTyping, setAgentTyping] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [draft, setDraft] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const lastTypingSent = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout>>();
  const typingTimer = useRef<ReturnType<typeof setTimeout>>();
  const announced = useRef(0);
  const listEnd = useRef<HTMLLIElement>(null);

  const load = state.load;
  const refresh = useCallback(() => load('/chat'), [load]);
  useEffect(() => refresh(), [refresh]);

  const chat = state.data?.conversation ?? null;
  const writable = chat !== null && chat.state !== 'CLOSED';
  const conversationId = writable ? chat.id : null;

  useLive((after) => ({ ...documentRequest(PortalChatLiveDocument), variables: { after } }), 'chat', () => refresh());
  useLive(
    () => ({ ...documentRequest(PortalChatTypingDocument), variables: { id: conversationId } }),
    conversationId,
    (data) => {
      const typing = (data as { chatTyping?: { name: string; typing: boolean } } | null | undefined)?.chatTyping;
      if (!typing) return;
      clearTimeout(typingTimer.current);
      setAgentTyping(typing.typing ? typing.name : null);
      if (typing.typing) typingTimer.current = setTimeout(() => setAgentTyping(null), TYPING_SHOWN_MS);
    },
  );

  // A new agent message ends their typing, is announced, and — while the panel is open — marked read.
  const lastAgent = chat?.messages.filter((m) => m.side === 'AGENT').at(-1);
  useEffect(() => {
    if (!lastAgent || lastAgent.seq <= announced.current) return;
    const first = announced.current === 0;
    announced.current = lastAgent.seq;
    setAgentTyping(null);
    if (!first) setAnnouncement(t('chat.newMessage', { name: lastAgent.authorName, text: lastAgent.body || t('chat.image') }));
  }, [lastAgent, t]);
  const submitRead = reader.submit;
  useEffect(() => {
    if (open && chat && chat.unread > 0) submitRead({ intent: 'read', conversationId: chat.id, seq: String(chat.lastSeq) }, { method: 'post', action: '/chat' });
  }, [open, chat, submitRead]);
  useEffect(() => {
    if (open) listEnd.current?.scrollIntoView({ block: 'end' });
  }, [open, chat?.lastSeq]);

  // After a message went through: a fresh composer (text and pictures cleared).
  useEffect(() => {
    if (sender.state === 'idle' && sender.data?.ok) {
      setFormKey((k) => k + 1);
      setDraft('');
    }
  }, [sender.state, sender.data]);

  const sendTyping = (typing: boolean) => {
    if (!conversationId) return;
    signal.submit({ intent: 'typing', conversationId, typing: String(typing) }, { method: 'post', action: '/chat' });
  };
  const onType = () => {
    const now = Date.now();
    if (now - lastTypingSent.current > TYPING_EVERY_MS) {
      lastTypingSent.current = now;
      sendTyping(true);
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(() => {
      lastTypingSent.current = 0;
      sendTyping(false);
    }, TYPING_IDLE_MS);
  };

  const unread = state.data?.unreadTotal ?? 0;
  const nobody = chat?.unansweredReason ?? (state.data && !state.data.agentsOnline && writable ? 'NO_AGENT_ONLINE' : null);

  return (
    <div className="chat-dock">
      <button type="button" className="button chat-toggle" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        {open ? t('chat.hide') : t('chat.open')}
        {unread > 0 ? <span className="count-badge" aria-hidden="true">{unread}</span> : null}
        {unread > 0 ? <span className="visually-hidden">{t('chat.unread', { count: unread })}</span> : null}
      </button>
      <section id={panelId} className="chat-panel" role="dialog" aria-modal="false" aria-labelledby={titleId} hidden={!open}>
        <header className="chat-head">
          <h2 id={titleId}>{t('chat.title')}</h2>
          <p className="badge">{chat?.agentName && writable ? t('chat.withAgent', { name: chat.agentName }) : t('chat.subtitle')}</p>
        </header>
        {nobody ? <p className="notice chat-notice">{t(nobody === 'NO_AGENT_ONLINE' ? 'chat.noAgentOnline' : 'chat.noAnswerInTime')}</p> : null}
        {state.data === undefined ? <p>{t('chat.loading')}</p> : null}
        {chat && chat.messages.length > 0 ? (
          <ol className="chat-messages" aria-label={t('chat.messages')}>
            {chat.olderMessages ? <li className="badge">{t('chat.older')}</li> : null}
            {chat.messages.map((m) => (
              <li key={m.id} className={m.side === 'CUSTOMER' ? 'chat-message mine' : 'chat-message theirs'}>
                <p className="chat-meta">
                  <span>{m.side === 'CUSTOMER' ? t('chat.you') : m.authorName}</span> <time dateTime={m.createdAt}>{formatTime(locale, m.createdAt)}</time>
                </p>
                {m.body ? <p className="chat-text">{m.body}</p> : null}
                {m.attachments.map((id, i) => (
                  <a key={id} href={`/uploads/${id}`} target="_blank" rel="noopener">
                    <img src={`/uploads/${id}`} alt={t('chat.imageAlt', { n: i + 1, name: m.side === 'CUSTOMER' ? t('chat.you') : m.authorName })} width={120} height={120} loading="lazy" />
                  </a>
                ))}
                {m.side === 'CUSTOMER' ? <p className="chat-receipt">{m.seq <= chat.agentReadSeq ? t('chat.read') : t('chat.sent')}</p> : null}
              </li>
            ))}
            <li ref={listEnd} className="visually-hidden" aria-hidden="true" />
          </ol>
        ) : state.data ? <p>{t('chat.empty')}</p> : null}
        {chat?.state === 'CLOSED' ? <p className="badge">{t('chat.closed')}</p> : null}
        <p role="status" className="chat-typing">{agentTyping ? t('chat.typing', { name: agentTyping }) : ''}</p>
        <p aria-live="polite" className="visually-hidden">{announcement}</p>
        <FaqSuggestions text={draft} level={3} className="chat-suggestions" />
        <sender.Form key={formKey} method="post" action="/chat" className="chat-composer" onSubmit={() => {
          clearTimeout(idleTimer.current);
          lastTypingSent.current = 0;
        }}>
          <input type="hidden" name="intent" value="send" />
          {conversationId ? <input type="hidden" name="conversationId" value={conversationId} /> : null}
          <div className="field">
            <label htmlFor={bodyId}>{t('chat.message')}</label>
            <textarea id={bodyId} name="body" rows={2} maxLength={MAX_CHAT_MESSAGE} onInput={(e) => {
              setDraft(e.currentTarget.value);
              onType();
            }} aria-describedby={sender.data?.error ? `${bodyId}-error` : undefined} />
          </div>
          <PhotoPicker name="attachmentIds" onBusy={setUploading} max={MAX_CHAT_IMAGES} legend={t('chat.attach')} hint={t('chat.attachHint', { max: MAX_CHAT_IMAGES })} tooMany={t('chat.tooManyImages', { max: MAX_CHAT_IMAGES })} chooseLabel={t('chat.chooseImages')} />
          {sender.data?.error ? <p id={`${bodyId}-error`} className="form-error" role="alert">{sender.data.error}</p> : null}
          <button type="submit" className="button" disabled={uploading || sender.state !== 'idle'}>{t('chat.send')}</button>
        </sender.Form>
        {conversationId ? (
          <signal.Form method="post" action="/chat">
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="conversationId" value={conversationId} />
            <button type="submit" className="link-button">{t('chat.close')}</button>
          </signal.Form>
        ) : null}
      </section>
    </div>
  );
}
