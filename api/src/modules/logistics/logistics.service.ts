import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { DomainError, refuse } from '../../shared/errors';
import type { LocalizedText } from '../../shared/language';
import { MoneyDecimal } from '../../shared/money';
import { transact } from '../../shared/transaction';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { changeOrderState } from '../orders/order-state.service';
import { Order } from '../orders/order.entity';
import { checkTrackingEvent } from '../orders/order.rules';
import { OrderState } from '../orders/order.states';
import { inviteToSurvey } from '../surveys/survey.service';
import { Upload } from '../uploads/upload.entity';
import { Box } from './box.entity';
import { boxesOfOrders, lockBoxes, refreshBoxTransit } from './box-transit';
import type { AddPackagesToBoxArgs, CreateBoxInput, RecordTrackingEventInput, RegisterPackageInput } from './logistics.inputs';
import { Package } from './package.entity';
import { TrackingEvent } from './tracking-event.entity';
import { nextReadableNumber } from '../../shared/readable-number';
import { customersById } from '../identity/customer.queries';
import { guardWork } from '../claims/claims.service';
import { WorkSubjectType, workStage } from '../claims/claims.rules';

/** Orders whose goods are still at (or on their way to) the China warehouse: packages may be registered and boxed. */
const packableStates: readonly OrderState[] = [OrderState.PURCHASED, OrderState.AT_CHINA_WAREHOUSE];

/** How far in the future a reported `occurredAt` may be (clock skew between the agent's device and the server). */
const OCCURRED_AT_TOLERANCE_MS = 5 * 60_000;

/**
 * The China agent registers a package received for an order (seed 003 "registro de paquetes … números de
 * paquete"): `PK-<UTC year>-<6-digit sequence>`. The order must be PURCHASED or AT_CHINA_WAREHOUSE.
 */
export async function registerPackage(ctx: Context, input: RegisterPackageInput): Promise<Package> {
  const principal = principalOf(ctx);
  return transact(ctx, async (em) => {
    // A share lock keeps a tracking event from moving the order past China while the package is added.
    const order = await em.findOne(Order, input.orderId, { lockMode: LockMode.PESSIMISTIC_READ });
    if (!order) throw new DomainError('NOT_FOUND');
    if (!packableStates.includes(order.state)) throw new DomainError('INVALID_STATE', { state: order.state });
    const now = new Date();
    const pkg = em.create(Package, {
      number: await nextReadableNumber(em, 'PK', now),
      order,
      box: null,
      weightKg: kg(input.weightKg),
      lengthCm: input.lengthCm,
      widthCm: input.widthCm,
      heightCm: input.heightCm,
      repacked: input.repacked,
      note: input.note?.trim() || null,
      registeredBy: em.getReference(User, principal.user.id),
      createdAt: now,
    });
    em.persist(pkg);
    return pkg;
  });
}

/**
 * Packs packages into a new box `BX-<UTC year>-<6-digit sequence>` (seed 003 "números de caja"); the packages
 * may belong to several orders (consolidation). Throws NOT_FOUND, PACKAGE_ALREADY_BOXED, INVALID_STATE.
 */
export async function createBox(ctx: Context, input: CreateBoxInput): Promise<Box> {
  return transact(ctx, async (em) => {
    const packages = await lockUnboxedPackages(em, input.packageIds);
    await lockOrdersInStates(em, orderIdsOf(packages), packableStates);
    const now = new Date();
    const box = em.create(Box, { number: await nextReadableNumber(em, 'BX', now), weightKg: input.weightKg ? kg(input.weightKg) : null, createdAt: now });
    em.persist(box);
    for (const pkg of packages) pkg.box = box;
    await em.flush();
    await refreshBoxTransit(em, [box.id]);
    return box;
  });
}

/** Adds packages to a box that has not left China yet. Throws NOT_FOUND, PACKAGE_ALREADY_BOXED, INVALID_STATE. */
export async function addPackagesToBox(ctx: Context, args: AddPackagesToBoxArgs): Promise<Box> {
  return transact(ctx, async (em) => {
    // Lock order everywhere: box, then packages, then orders (all at once, by id) — so concurrent box work cannot deadlock.
    const box = await em.findOne(Box, args.boxId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!box) throw new DomainError('NOT_FOUND');
    const packages = await lockUnboxedPackages(em, args.packageIds);
    // The box's own orders must still be in China too: a box that left takes no more packages.
    await lockOrdersInStates(em, [...new Set([...orderIdsOf(packages), ...(await ordersInBox(em, box.id))])].sort(), packableStates);
    for (const pkg of packages) pkg.box = box;
    await em.flush();
    await refreshBoxTransit(em, [box.id]);
    return box;
  });
}

/**
 * Records a tracking phase (DESIGN flow step 10) for one order or for every order in a box, in ONE transaction:
 * each order moves by `checkTrackingEvent` and `changeOrderState` and gets its own TrackingEvent (actor, place,
 * note, photos). If any order of the box cannot move, nothing moves. The customer is notified in-app and by
 * WhatsApp of arrival, last mile and delivery (seed 003 "notificaciones de recepción y entrega"); delivery also
 * invites to the survey. The boxes holding these orders get their quiet-box summary refreshed in the same
 * transaction (`refreshBoxTransit`). Throws BAD_USER_INPUT, NOT_FOUND, INVALID_STATE, INVALID_TRANSITION, WRONG_DELIVERY_MODE, ALREADY_CLAIMED
 * (someone else holds one of the orders).
 */
export async function recordTrackingEvent(ctx: Context, input: RecordTrackingEventInput): Promise<TrackingEvent[]> {
  const principal = principalOf(ctx);
  if (!input.orderId === !input.boxId) throw new DomainError('BAD_USER_INPUT', { field: 'orderId', reason: 'Give exactly one of orderId and boxId.' });
  const now = new Date();
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + OCCURRED_AT_TOLERANCE_MS) throw new DomainError('BAD_USER_INPUT', { field: 'occurredAt', reason: 'In the future.' });
  return transact(ctx, async (em) => {
    let box: Box | null = null;
    let orders: Order[];
    // Lock order everywhere: boxes, then orders. The boxes are all those of the orders that move (their
    // summaries change), locked together by id before any order, so concurrent events cannot deadlock.
    if (input.boxId) {
      box = await em.findOne(Box, input.boxId);
      if (!box) throw new DomainError('NOT_FOUND');
      await lockBoxes(em, [box.id, ...(await boxesOfOrders(em, await ordersInBox(em, box.id)))]);
      // Read again under the box's lock: no package joins or leaves it now.
      const ids = await ordersInBox(em, box.id);
      if (ids.length === 0) throw new DomainError('INVALID_STATE', { reason: 'The box has no packages.' });
      orders = await em.find(Order, { id: { $in: ids } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } });
    } else {
      const order = await em.findOne(Order, input.orderId!);
      if (!order) throw new DomainError('NOT_FOUND');
      await lockBoxes(em, await boxesOfOrders(em, [order.id]));
      await em.findOne(Order, order.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      orders = [order];
    }
    for (const order of orders) {
      refuse(checkTrackingEvent({ current: order.state, next: input.phase, nationalDelivery: order.nationalDelivery }), {
        orderId: order.id, orderNumber: order.number, from: order.state, to: input.phase,
      });
      await guardWork(ctx, em, principal.user, WorkSubjectType.ORDER, order.id, workStage(WorkSubjectType.ORDER, order));
    }
    const photos = await ownUploads(em, principal.user.id, input.photoUploadIds ?? []);
    const customers = await customersById(em, orders.map((o) => o.customer.id));
    const actor = principal.user;
    const note = input.note?.trim() || null;
    const events: TrackingEvent[] = [];
    for (const order of orders) {
      const place = input.place.trim();
      await changeOrderState(em, order, input.phase, { actor, note, place, occurredAt });
      const event = em.create(TrackingEvent, {
        order, box, phase: input.phase, occurredAt, place, note,
        actor: em.getReference(User, actor.id), actorName: actor.displayName, recordedAt: now,
      });
      event.photos.set(photos);
      em.persist(event);
      notifyCustomer(em, order, customers.get(order.customer.id)!, input.phase, event.place);
      events.push(event);
    }
    await em.flush();
    // The orders' boxes read afresh: one boxed meanwhile (before the order's lock) is refreshed too.
    await refreshBoxTransit(em, await boxesOfOrders(em, orders.map((o) => o.id)));
    return events;
  });
}

/** A box by id; NOT_FOUND for an unknown or malformed id. */
export async function findBox(em: EntityManager, id: string): Promise<Box> {
  const box = await em.findOne(Box, id);
  if (!box) throw new DomainError('NOT_FOUND');
  return box;
}

/** What the customer hears at each phase that concerns them (seed 003: reception — "arribo" — and delivery). */
const customerNotices: Partial<Record<OrderState, (number: string, place: string) => { kind: string; title: LocalizedText; body: LocalizedText }>> = {
  [OrderState.AT_LOCAL_WAREHOUSE]: (number, place) => ({
    kind: 'ORDER_ARRIVED',
    title: { es: 'Tu pedido llegó a Venezuela', en: 'Your order has arrived in Venezuela' },
    body: { es: `La orden ${number} llegó a nuestro almacén (${place}).`, en: `Order ${number} has reached our warehouse (${place}).` },
  }),
  [OrderState.OUT_FOR_DELIVERY]: (number) => ({
    kind: 'ORDER_OUT_FOR_DELIVERY',
    title: { es: 'Tu pedido va en camino', en: 'Your order is on its way' },
    body: { es: `La orden ${number} salió a entrega por courier.`, en: `Order ${number} is out for delivery by courier.` },
  }),
  [OrderState.READY_FOR_PICKUP]: (number, place) => ({
    kind: 'ORDER_READY_FOR_PICKUP',
    title: { es: 'Tu pedido está listo para retirar', en: 'Your order is ready for pickup' },
    body: { es: `La orden ${number} te espera en ${place}.`, en: `Order ${number} is waiting for you at ${place}.` },
  }),
  [OrderState.DELIVERED]: (number) => ({
    kind: 'ORDER_DELIVERED',
    title: { es: 'Tu pedido fue entregado', en: 'Your order has been delivered' },
    body: { es: `La orden ${number} fue entregada. ¡Gracias por comprar con nosotros!`, en: `Order ${number} has been delivered. Thank you for shopping with us!` },
  }),
};

function notifyCustomer(em: EntityManager, order: Order, customer: Customer, phase: OrderState, place: string): void {
  const notice = customerNotices[phase]?.(order.number, place);
  if (!notice) return;
  notifyUser(em, { userId: customer.user.id, ...notice, data: { orderId: order.id, phase }, whatsappTo: customer.phone });
  if (phase === OrderState.DELIVERED) inviteToSurvey(em, order, customer);
}


/** A weight as the `numeric(10,3)` column returns it ("2.35" → "2.350"), so a new row reads the same as a loaded one. */
function kg(weight: string): string {
  return new MoneyDecimal(weight).toFixed(3);
}

/** The distinct order ids with packages in the box, sorted (the lock order). */
async function ordersInBox(em: EntityManager, boxId: string): Promise<string[]> {
  return orderIdsOf(await em.find(Package, { box: boxId }, { fields: ['order'] }));
}

/** Locks the packages (by id), refusing unknown ones and those already in a box. */
async function lockUnboxedPackages(em: EntityManager, ids: string[]): Promise<Package[]> {
  const unique = [...new Set(ids)];
  const packages = await em.find(Package, { id: { $in: unique } }, { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' } });
  if (packages.length !== unique.length) throw new DomainError('NOT_FOUND', { field: 'packageIds' });
  const boxed = packages.filter((p) => p.box);
  if (boxed.length > 0) throw new DomainError('PACKAGE_ALREADY_BOXED', { packageNumbers: boxed.map((p) => p.number) });
  return packages;
}

/** The distinct order ids of `packages`, sorted (the lock order). */
function orderIdsOf(packages: { order: { id: string } }[]): string[] {
  return [...new Set(packages.map((p) => p.order.id))].sort();
}

/**
 * Share-locks the orders (sorted ids) so no tracking event moves them meanwhile, and refuses with INVALID_STATE
 * when one is not in `states`.
 */
async function lockOrdersInStates(em: EntityManager, ids: string[], states: readonly OrderState[]): Promise<void> {
  if (ids.length === 0) return;
  const orders = await em.find(Order, { id: { $in: ids } }, { lockMode: LockMode.PESSIMISTIC_READ, orderBy: { id: 'asc' } });
  const stuck = orders.find((o) => !states.includes(o.state));
  if (stuck) throw new DomainError('INVALID_STATE', { orderId: stuck.id, orderNumber: stuck.number, state: stuck.state });
}

/** The caller's own uploads among `ids` (tracking photos are the agent's pictures, never someone else's files). */
async function ownUploads(em: EntityManager, ownerId: string, ids: string[]): Promise<Upload[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const uploads = await em.find(Upload, { id: { $in: unique }, owner: ownerId });
  if (uploads.length !== unique.length) throw new DomainError('NOT_FOUND', { field: 'photoUploadIds' });
  return uploads;
}
