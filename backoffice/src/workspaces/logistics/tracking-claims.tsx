import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { ClaimPanel, useClaimAction } from '../../claims/claim-panel';
import { ClaimWork, ReleaseWork } from '../../claims/claim-operations';
import { HeldByLabel, type Holder } from '../../claims/held-by';
import { graphql } from '../../graphql/generated';
import { useI18n } from '../../i18n/i18n';
import { refusalOf } from '../../lib/refusal';
import { useSession } from '../../session/session';
import { useNow } from '../china/use-now';
import type { TrackingTarget } from './tracking-form';
import { Problem } from '../../lib/problem';

const OrderHolder = graphql(`
  query LogisticsOrderHolder($id: ID!) { order(id: $id) { id number state heldBy { id displayName } heldSince } }
`);
const BoxHolders = graphql(`
  query LogisticsBoxHolders($id: ID!) { box(id: $id) { id orders { id number state heldBy { id displayName } heldSince } } }
`);
const HolderChanged = graphql(`
  subscription LogisticsHolderChanged { orderUpdated { cursor order { id } } }
`);

/** One order of the tracking target with who holds it. */
export type HeldOrder = Holder & { id: string; number: string };

/**
 * The orders a tracking event would move (the order, or every order in the box) with their holders, following
 * order changes live; `mayWork` is false while someone else holds any of them (the API would refuse the event
 * with ALREADY_CLAIMED).
 */
export function useTrackedOrders(target: TrackingTarget) {
  const { staff } = useSession();
  const isBox = target.kind === 'box';
  const order = useQuery(OrderHolder, { variables: { id: target.id }, skip: isBox, fetchPolicy: 'cache-and-network' });
  const box = useQuery(BoxHolders, { variables: { id: target.id }, skip: !isBox, fetchPolicy: 'cache-and-network' });
  const orders: HeldOrder[] | null = isBox ? (box.data?.box.orders ?? null) : order.data ? [order.data.order] : null;
  const refetch = () => (isBox ? box.refetch() : order.refetch());
  useSubscription(HolderChanged, {
    onData: ({ data }) => {
      const changed = data.data?.orderUpdated.order.id;
      if (changed && orders?.some((o) => o.id === changed)) void refetch();
    },
  });
  const mayWork = (orders ?? []).every((o) => !o.heldBy || o.heldBy.id === staff?.id);
  return { orders, mayWork, error: isBox ? box.error : order.error, refetch };
}

/**
 * Who works on the tracking target. One order: the claim panel (take, let go, take over). A box: each of its
 * orders with its holder, and "take / let go of every order in the box" — a box has no claim of its own, the
 * event moves each order and the API checks each order's holder, so the box is free to work only when none of
 * its orders is held by someone else.
 */
export function TrackingClaims({ target, tracked }: { target: TrackingTarget; tracked: ReturnType<typeof useTrackedOrders> }) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const now = useNow();
  const { orders, error, refetch } = tracked;
  if (!orders) {
    return error ? (
      <p className="problem" role="alert">
        {refusalOf(error, t, locale).message}
      </p>
    ) : (
      <p role="status">{t('app.loading')}</p>
    );
  }
  if (target.kind === 'order') {
    return (
      <ClaimPanel
        subject={{ type: 'ORDER', id: orders[0]!.id }}
        holder={orders[0]!}
        now={now}
        mayWork={can('tracking:record')}
        takeLabel={t('logistics.claim.takeOrder')}
        refetch={refetch}
      />
    );
  }
  return <BoxClaims orders={orders} now={now} refetch={refetch} />;
}

/** A box's orders and their holders; take or let go of all of them at once. */
function BoxClaims({ orders, now, refetch }: { orders: HeldOrder[]; now: number; refetch: () => Promise<unknown> }) {
  const { t } = useI18n();
  const { staff } = useSession();
  const [claim] = useMutation(ClaimWork);
  const [release] = useMutation(ReleaseWork);
  const { busy, problem, act } = useClaimAction(refetch);

  const others = orders.filter((o) => o.heldBy && o.heldBy.id !== staff?.id);
  const mine = orders.filter((o) => o.heldBy?.id === staff?.id);
  const free = orders.filter((o) => !o.heldBy);
  // One order after the other: the first refusal (someone took one meanwhile) stops and says who.
  const each = (list: HeldOrder[], work: (id: string) => Promise<unknown>) =>
    act(async () => {
      for (const o of list) await work(o.id);
    });
  const subject = (id: string) => ({ subject: { type: 'ORDER' as const, id } });

  return (
    <div className={`claim-panel ${others.length > 0 ? 'other' : mine.length === orders.length ? 'mine' : 'free'}`} aria-live="polite">
      <p>{t('logistics.claim.boxIntro', { count: orders.length })}</p>
      <ul className="plain">
        {orders.map((o) => (
          <li key={o.id}>
            <strong>{o.number}</strong>: <HeldByLabel holder={o} now={now} />
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <p role="status">
          <strong>{t('logistics.claim.boxHeld', { names: [...new Set(others.map((o) => o.heldBy!.displayName))].join(', ') })}</strong>
        </p>
      ) : free.length > 0 ? (
        <button type="button" className="primary" disabled={busy} onClick={() => void each(free, (id) => claim({ variables: subject(id) }))}>
          {busy ? t('claims.taking') : t('logistics.claim.takeBox', { count: free.length })}
        </button>
      ) : null}
      {mine.length > 0 ? (
        <button type="button" disabled={busy} onClick={() => void each(mine, (id) => release({ variables: subject(id) }))}>
          {t('logistics.claim.releaseBox', { count: mine.length })}
        </button>
      ) : null}
      <Problem text={problem} />
    </div>
  );
}
