import { parseWithZod } from '@conform-to/zod/v4';
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { FormError, Notice } from '../components/field';
import { NOTIFICATION_TARGET, notificationSchema } from '../forms/schemas';
import { MarkNotificationsRead, MyNotificationsPage } from '../graphql/notifications.server';
import { formatDateTime } from '../i18n/format';
import { useLocale, useT, type MessageKey, type T } from '../i18n/i18n';
import { es } from '../i18n/es';
import { ApiUnavailable } from '../lib/api.server';
import { apiLanguage } from '../lib/locale.server';
import { title } from '../lib/meta';
import { page } from '../lib/page.server';
import { refusalText } from '../lib/refusal.server';

export const meta = title('notifications.title');

/** The page a notification is about, from the ids in its `data`: a ticket, then an order, then a request; none for others. */
function targetOf(data: Record<string, unknown>): { to: string; kind: 'order' | 'request' | 'ticket' } | null {
  const candidates = [
    { to: `/tickets/${String(data.ticketId)}`, kind: 'ticket' as const, present: typeof data.ticketId === 'string' },
    { to: `/orders/${String(data.orderId)}`, kind: 'order' as const, present: typeof data.orderId === 'string' },
    { to: `/quotes/${String(data.requestId)}`, kind: 'request' as const, present: typeof data.requestId === 'string' },
  ];
  const found = candidates.find((c) => c.present && NOTIFICATION_TARGET.test(c.to));
  return found ? { to: found.to, kind: found.kind } : null;
}

/**
 * My notifications, newest first (20 a page, `?after=` for the next, `?unread=1` for the unread ones only),
 * their title and text in the page's language, with the unread count: one round trip. Kept live by the signed-in layout, whose notification subscription
 * reloads this loader too when a new one arrives.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api, locale } = await page(request, context);
  const params = new URL(request.url).searchParams;
  const unreadOnly = params.get('unread') === '1';
  const answer = await api.asCustomer(MyNotificationsPage, { after: params.get('after'), unreadOnly, language: apiLanguage[locale] });
  if (answer.refusal?.code === 'BAD_USER_INPUT') throw new Response('Bad cursor', { status: 404 });
  if (answer.refusal) throw new ApiUnavailable(`${answer.refusal.code}: ${answer.refusal.message}`);
  const { myNotifications, unreadNotificationCount } = answer.data;
  const notifications = myNotifications.edges.map(({ node }) => ({
    id: node.id,
    kind: node.kind,
    title: node.title,
    body: node.body,
    createdAt: node.createdAt,
    unread: node.readAt === null,
    target: targetOf(node.data),
  }));
  return data({ notifications, totalCount: myNotifications.totalCount, pageInfo: myNotifications.pageInfo, unread: unreadNotificationCount, unreadOnly }, { headers: await api.headers() });
}

/**
 * Marks read (markNotificationsRead): one notification when the customer opens it — then goes to the
 * request or order it concerns —, one without a page, or all of them. Every loader reloads afterwards, so
 * the header's badge follows. A refusal is shown above the list.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { api, locale, t } = await page(request, context);
  const submission = parseWithZod(await request.formData(), { schema: notificationSchema() });
  if (submission.status !== 'success') return data({ result: submission.reply({ formErrors: [t('refusal.BAD_USER_INPUT')] }), done: null }, 400);
  const value = submission.value;
  const answer = await api.asCustomer(MarkNotificationsRead, { ids: value.intent === 'readAll' ? null : [value.id] });
  const headers = await api.headers();
  if (answer.refusal) return data({ result: submission.reply({ formErrors: [refusalText(t, locale, answer.refusal)] }), done: null }, { status: 400, headers });
  if (value.intent === 'open') return redirect(value.to, { headers });
  const done: MessageKey | null = value.intent === 'readAll' ? 'notifications.allRead' : null;
  return data({ result: submission.reply(), done }, { headers });
}

/** The kind's name in the page's language (none for a kind the catalogue does not know). */
function kindLabel(t: T, kind: string): string | null {
  const key = `notificationKind.${kind}`;
  return key in es ? t(key as MessageKey) : null;
}

export default function NotificationsPage() {
  const t = useT();
  const locale = useLocale();
  const { notifications, totalCount, pageInfo, unread, unreadOnly } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="card" aria-labelledby="notifications-title">
      <h1 id="notifications-title">{t('notifications.title')}</h1>
      <p className="filters">
        <span>{t('notifications.show')}:</span>{' '}
        <Link to="/notifications" aria-current={unreadOnly ? undefined : 'page'}>
          {t('notifications.all')}
        </Link>{' '}
        ·{' '}
        <Link to="/notifications?unread=1" aria-current={unreadOnly ? 'page' : undefined}>
          {t('notifications.unreadOnly')}
        </Link>
      </p>
      {actionData?.done ? <Notice>{t(actionData.done)}</Notice> : null}
      <FormError id="notifications-error" errors={actionData?.result.error?.[''] ?? undefined} />
      {unread > 0 ? (
        <Form method="post" className="mark-all">
          <input type="hidden" name="intent" value="readAll" />
          <p className="hint">{t('notifications.unreadCount', { count: unread, total: totalCount })}</p>
          <button type="submit" className="button secondary">
            {t('notifications.markAll')}
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? (
        <p>{unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')}</p>
      ) : (
        <>
          <ul className="notification-list">
            {notifications.map((n) => {
              const headingId = `notification-${n.id}`;
              const label = kindLabel(t, n.kind);
              return (
                <li key={n.id} className={n.unread ? 'unread' : undefined}>
                  <p className="notification-meta">
                    {n.unread ? <span className="unread-tag">{t('notifications.unread')}</span> : null}
                    {label ? <span>{label}</span> : null}
                    <time dateTime={n.createdAt}>{formatDateTime(locale, n.createdAt)}</time>
                  </p>
                  <h2 id={headingId}>{n.title}</h2>
                  <p className="notification-body">{n.body}</p>
                  <NotificationActions id={n.id} unread={n.unread} target={n.target} headingId={headingId} />
                </li>
              );
            })}
          </ul>
          {pageInfo.hasNextPage && pageInfo.endCursor ? (
            <p>
              <Link to={`/notifications?${new URLSearchParams({ ...(unreadOnly ? { unread: '1' } : {}), after: pageInfo.endCursor })}`}>{t('notifications.more')}</Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

/**
 * Opening an unread notification marks it read on the way to its page (a form, so it works before the
 * scripts load); a read one is a plain link. One without a page can be marked read where it stands.
 */
function NotificationActions({ id, unread, target, headingId }: { id: string; unread: boolean; target: { to: string; kind: 'order' | 'request' | 'ticket' } | null; headingId: string }) {
  const t = useT();
  const openText = target?.kind === 'order' ? t('notifications.openOrder') : target?.kind === 'ticket' ? t('notifications.openTicket') : t('notifications.openRequest');
  if (target && !unread) {
    return (
      <Link to={target.to} aria-describedby={headingId}>
        {openText}
      </Link>
    );
  }
  if (!unread) return null;
  return (
    <Form method="post">
      <input type="hidden" name="id" value={id} />
      {target ? <input type="hidden" name="to" value={target.to} /> : null}
      <button type="submit" name="intent" value={target ? 'open' : 'read'} className="link-button" aria-describedby={headingId}>
        {target ? openText : t('notifications.markRead')}
      </button>
    </Form>
  );
}
