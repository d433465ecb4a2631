import type { Context } from '../../context';
import { queryRows, statement, type Row } from '../../db/raw-reads';
import { DomainError } from '../../shared/errors';
import { clientIp, type ThrottleKey } from '../identity/throttle';
import { limits } from '../identity/throttle.rules';
import type { OrderState } from '../orders/order.states';
import { signedUploadPath } from '../uploads/upload-links';
import { parseTrackingNumber, publicEta, publicPhaseOf, secondFactorMatches, type TrackedKind } from './public-tracking.rules';
import type { PublicOrderTracking } from './public-tracking.types';

/**
 * The public tracking of the orders a number names (a purchase order, a package, or a box — which may hold
 * several customers' orders), limited to those whose customer the second factor proves (customer code or
 * the phone's last four digits): oldest order first. A number that names nothing, a factor that does not
 * match, and a malformed number all throw the same TRACKING_NOT_FOUND, so the answer tells nobody which
 * numbers exist. Throttled (Throttle.lookup: the reads first, one statement settles both keys): 10 wrong
 * attempts an hour per number (then 1 h, doubling up to a day, even for the right factor) and 30 an hour per
 * IP (TOO_MANY_ATTEMPTS with retryAfterSeconds), the answer withheld when refused.
 */
export async function publicTracking(ctx: Context, numberText: string, secondFactor: string): Promise<PublicOrderTracking[]> {
  const target = parseTrackingNumber(numberText);
  // Unknown and malformed numbers count too (by their normalised text): guessing costs the same everywhere.
  const subject = target?.number ?? numberText.trim().toUpperCase();
  const keys: ThrottleKey[] = [[limits.trackingNumber, `number:${subject}`], [limits.trackingIp, clientIp(ctx)]];
  return ctx.app.throttle.lookup(keys, async () => {
    const orders = target ? await queryRows(ctx.em, ORDERS_NAMED_BY[target.kind], [target.number]) : [];
    const shown = orders.filter((order) => secondFactorMatches({ code: order.code as string, phone: order.phone as string }, secondFactor));
    if (shown.length === 0) return { failed: true, error: new DomainError('TRACKING_NOT_FOUND') };
    return { failed: false, value: await describe(ctx, shown, new Date()) };
  });
}

// Raw prepared reads (db/raw-reads), one statement each: the page is public and hot, and the ORM's building,
// hydration and identity map cost far more CPU than the database work (issue 8's benchmark).
const ORDER_COLUMNS = 'o.id, o.number, o.state, c.code, c.phone, qo.estimated_delivery_at';
const ORDER_JOINS = 'JOIN customer c ON c.id = o.customer_id JOIN quote_option qo ON qo.id = o.accepted_option_id';

/** The orders a number names, with their customer's code and phone and their accepted option's ETA, oldest first. */
const ORDERS_NAMED_BY: Record<TrackedKind, ReturnType<typeof statement>> = {
  ORDER: statement(`SELECT ${ORDER_COLUMNS} FROM purchase_order o ${ORDER_JOINS} WHERE o.number = $1 ORDER BY o.created_at, o.id`),
  PACKAGE: statement(`SELECT ${ORDER_COLUMNS} FROM purchase_order o ${ORDER_JOINS} WHERE o.id IN (SELECT p.order_id FROM shipment_package p WHERE p.number = $1) ORDER BY o.created_at, o.id`),
  BOX: statement(`SELECT ${ORDER_COLUMNS} FROM purchase_order o ${ORDER_JOINS}
    WHERE o.id IN (SELECT p.order_id FROM shipment_package p JOIN box b ON b.id = p.box_id WHERE b.number = $1) ORDER BY o.created_at, o.id`),
};

/** The milestones of orders $1, in the order they happened, each with its photos' upload ids (oldest first). */
const EVENTS = statement(`SELECT t.order_id, t.phase, t.place, t.occurred_at,
    ARRAY(SELECT tp.upload_id FROM tracking_event_photos tp JOIN upload u ON u.id = tp.upload_id WHERE tp.tracking_event_id = t.id ORDER BY u.created_at, u.id) AS photo_ids
  FROM tracking_event t WHERE t.order_id = ANY($1::uuid[]) ORDER BY t.occurred_at, t.recorded_at, t.id`);

/** The packages of orders $1, oldest first, with their box's number. */
const PACKAGES = statement(`SELECT p.order_id, p.number, b.number AS box_number FROM shipment_package p LEFT JOIN box b ON b.id = p.box_id
  WHERE p.order_id = ANY($1::uuid[]) ORDER BY p.created_at, p.id`);

async function describe(ctx: Context, orders: Row[], now: Date): Promise<PublicOrderTracking[]> {
  const ids = orders.map((o) => o.id as string);
  const [events, packages] = await Promise.all([queryRows(ctx.em, EVENTS, [ids]), queryRows(ctx.em, PACKAGES, [ids])]);
  const secret = ctx.app.config.jwtSecret;
  // The ORM's pool reads timestamps as text; its platform parses them as the entities' dates are.
  const date = (value: unknown) => (value == null ? null : ctx.em.getPlatform().parseDate(value as string));
  return orders.map((order) => {
    const state = order.state as OrderState;
    return {
      orderNumber: order.number as string,
      phase: publicPhaseOf(state),
      estimatedDeliveryAt: publicEta(state, date(order.estimated_delivery_at)),
      events: events
        .filter((e) => e.order_id === order.id)
        .map((e) => ({
          phase: publicPhaseOf(e.phase as OrderState),
          place: e.place as string,
          occurredAt: date(e.occurred_at)!,
          photos: (e.photo_ids as string[]).map((id) => ({ url: signedUploadPath(secret, id, now) })),
        })),
      packages: packages.filter((p) => p.order_id === order.id).map((p) => ({ number: p.number as string, boxNumber: (p.box_number as string | null) ?? null })),
    };
  });
}
