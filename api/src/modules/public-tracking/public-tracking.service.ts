import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { DomainError } from '../../shared/errors';
import { clientIp, type ThrottleKey } from '../identity/throttle';
import { limits } from '../identity/throttle.rules';
import { Box } from '../logistics/box.entity';
import { Package } from '../logistics/package.entity';
import { TrackingEvent } from '../logistics/tracking-event.entity';
import { Order } from '../orders/order.entity';
import { signedUploadPath } from '../uploads/upload-links';
import { parseTrackingNumber, publicEta, publicPhaseOf, secondFactorMatches, type TrackedKind } from './public-tracking.rules';
import type { PublicOrderTracking } from './public-tracking.types';

/**
 * The public tracking of the orders a number names (a purchase order, a package, or a box — which may hold
 * several customers' orders), limited to those whose customer the second factor proves (customer code or
 * the phone's last four digits): oldest order first. A number that names nothing, a factor that does not
 * match, and a malformed number all throw the same TRACKING_NOT_FOUND, so the answer tells nobody which
 * numbers exist. Throttled before any lookup: 10 wrong attempts an hour per number (then 1 h, doubling up to
 * a day, even for the right factor) and 30 an hour per IP (TOO_MANY_ATTEMPTS with retryAfterSeconds).
 */
export async function publicTracking(ctx: Context, numberText: string, secondFactor: string): Promise<PublicOrderTracking[]> {
  const target = parseTrackingNumber(numberText);
  // Unknown and malformed numbers count too (by their normalised text): guessing costs the same everywhere.
  const subject = target?.number ?? numberText.trim().toUpperCase();
  const keys: ThrottleKey[] = [[limits.trackingNumber, `number:${subject}`], [limits.trackingIp, clientIp(ctx)]];
  return ctx.app.throttle.attempt(keys, async () => {
    const em = ctx.em.fork();
    const orders = target ? await ordersNamedBy(em, target.kind, target.number) : [];
    const shown = orders.filter((order) => secondFactorMatches(order.customer, secondFactor));
    if (shown.length === 0) return { failed: true, error: new DomainError('TRACKING_NOT_FOUND') };
    return { failed: false, value: await describe(em, ctx.app.config.jwtSecret, shown, new Date()) };
  });
}

/** The orders (with their customer and accepted option) a number names, oldest first. */
async function ordersNamedBy(em: EntityManager, kind: TrackedKind, number: string): Promise<Order[]> {
  const populate = ['customer', 'acceptedOption'] as const;
  if (kind === 'ORDER') return em.find(Order, { number }, { populate });
  if (kind === 'PACKAGE') {
    const pkg = await em.findOne(Package, { number });
    return pkg ? em.find(Order, { id: pkg.order.id }, { populate }) : [];
  }
  const box = await em.findOne(Box, { number });
  if (!box) return [];
  const packages = await em.find(Package, { box }, { fields: ['order'] });
  return em.find(Order, { id: { $in: [...new Set(packages.map((p) => p.order.id))] } }, { populate, orderBy: { createdAt: 'asc', id: 'asc' } });
}

async function describe(em: EntityManager, secret: string, orders: Order[], now: Date): Promise<PublicOrderTracking[]> {
  const ids = orders.map((o) => o.id);
  const events = await em.find(TrackingEvent, { order: { $in: ids } }, { populate: ['photos'], orderBy: { occurredAt: 'asc', recordedAt: 'asc', id: 'asc' } });
  const packages = await em.find(Package, { order: { $in: ids } }, { populate: ['box'], orderBy: { createdAt: 'asc', id: 'asc' } });
  return orders.map((order) => ({
    orderNumber: order.number,
    phase: publicPhaseOf(order.state),
    estimatedDeliveryAt: publicEta(order.state, order.acceptedOption.estimatedDeliveryAt),
    events: events
      .filter((e) => e.order.id === order.id)
      .map((e) => ({
        phase: publicPhaseOf(e.phase),
        place: e.place,
        occurredAt: e.occurredAt,
        photos: e.photos.getItems().map((photo) => ({ url: signedUploadPath(secret, photo.id, now) })),
      })),
    packages: packages.filter((p) => p.order.id === order.id).map((p) => ({ number: p.number, boxNumber: p.box?.number ?? null })),
  }));
}
