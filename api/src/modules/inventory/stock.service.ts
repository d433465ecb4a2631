import { type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { type Connection, type PageArgs, paginate } from '../../shared/connection';
import { DomainError, refuse } from '../../shared/errors';
import { transact } from '../../shared/transaction';
import { MovementType } from './inventory.enums';
import type { MovementsFilter, StockAdjustmentInput, StockEntryInput, StockTransferInput } from './inventory.inputs';
import { checkManualMovement, insufficientStockText } from './inventory.rules';
import { Location } from './location.entity';
import { Product } from './product.entity';
import { StockMovement } from './stock-movement.entity';
import { addStock, takeStock, type StockLevelChange } from './stock.store';
import { recordMovement } from './stock.store';
import type { StockDrift } from './inventory.types';

/** Units received at a location (inventory:manage): an ENTRY movement. QUANTITY_NOT_POSITIVE, NOT_FOUND {field}. */
export async function recordStockEntry(ctx: Context, input: StockEntryInput): Promise<StockMovement> {
  refuse(checkManualMovement({ type: 'ENTRY', quantity: input.quantity }), { field: 'quantity' });
  const actorId = principalOf(ctx).user.id;
  return transact(ctx, async (em) => {
    const { product, location } = await productAt(em, input.productId, input.locationId);
    const at = new Date();
    const change = await addStock(em, product.id, location.id, input.quantity, at);
    return recordMovement(em, product, location, change, { type: MovementType.ENTRY, quantity: input.quantity, actorId, at, reason: input.note?.trim() || null });
  });
}

/**
 * A correction of the count at a location with its reason (inventory:manage): an ADJUSTMENT movement of ±n.
 * QUANTITY_NOT_POSITIVE (0), REASON_REQUIRED, NOT_FOUND {field}, INSUFFICIENT_STOCK when it would leave fewer than 0.
 */
export async function recordStockAdjustment(ctx: Context, input: StockAdjustmentInput): Promise<StockMovement> {
  const code = checkManualMovement({ type: 'ADJUSTMENT', quantity: input.quantity, reason: input.reason });
  refuse(code, { field: code === 'REASON_REQUIRED' ? 'reason' : 'quantity' });
  const actorId = principalOf(ctx).user.id;
  return transact(ctx, async (em) => {
    const { product, location } = await productAt(em, input.productId, input.locationId);
    const at = new Date();
    const change = input.quantity > 0
      ? await addStock(em, product.id, location.id, input.quantity, at)
      : taken(await takeStock(em, product.id, location.id, -input.quantity, at), product, location, -input.quantity);
    return recordMovement(em, product, location, change, { type: MovementType.ADJUSTMENT, quantity: input.quantity, actorId, at, reason: input.reason.trim() });
  });
}

/**
 * Moves units between locations (inventory:manage): two TRANSFER rows with one `transferId`, −n at the origin and
 * +n at the destination, so the product's total is unchanged. The two stock rows are locked in location-id order
 * (as sales lock theirs), and the origin only gives what it has. QUANTITY_NOT_POSITIVE, SAME_LOCATION,
 * SERVICE_NOT_TRANSFERABLE, NOT_FOUND {field}, INSUFFICIENT_STOCK. Returns the origin's (−) row.
 */
export async function transferStock(ctx: Context, input: StockTransferInput): Promise<StockMovement> {
  if (input.fromLocationId === input.toLocationId) throw new DomainError('SAME_LOCATION', { field: 'toLocationId' });
  const actorId = principalOf(ctx).user.id;
  return transact(ctx, async (em) => {
    const { product, location: from } = await productAt(em, input.productId, input.fromLocationId, 'fromLocationId');
    const to = await em.findOne(Location, input.toLocationId);
    if (!to) throw new DomainError('NOT_FOUND', { field: 'toLocationId' });
    refuse(checkManualMovement({ type: 'TRANSFER', quantity: input.quantity, fromLocationId: from.id, toLocationId: to.id, productKind: product.kind }), { field: 'quantity' });
    const at = new Date();
    const n = input.quantity;
    const take = async () => taken(await takeStock(em, product.id, from.id, n, at), product, from, n);
    let out: StockLevelChange;
    let into: StockLevelChange;
    if (from.id < to.id) {
      out = await take();
      into = await addStock(em, product.id, to.id, n, at);
    } else {
      into = await addStock(em, product.id, to.id, n, at);
      out = await take();
    }
    const transferId = randomUUID();
    const outRow = await recordMovement(em, product, from, out, { type: MovementType.TRANSFER, quantity: -n, actorId, at, transferId, counterpartLocationId: to.id });
    await recordMovement(em, product, to, into, { type: MovementType.TRANSFER, quantity: n, actorId, at, transferId, counterpartLocationId: from.id });
    return outRow;
  });
}

/** Movements newest first, by product, location, type and a time range [from, to) in UTC. */
export function listMovements(ctx: Context, filter: MovementsFilter | null | undefined, page: PageArgs): Promise<Connection<StockMovement>> {
  const where: FilterQuery<StockMovement> = {};
  if (filter?.productId) where.product = filter.productId;
  if (filter?.locationId) where.location = filter.locationId;
  if (filter?.type) where.type = filter.type;
  if (filter?.from || filter?.to) {
    where.createdAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return paginate(ctx.em, StockMovement, where, page);
}

/**
 * The stock rows whose quantity differs from the sum of their movements, and movements with no stock row: empty
 * when the books hold (one aggregate over the movement table; a consistency check for staff and tests).
 */
export async function stockDrift(ctx: Context): Promise<StockDrift[]> {
  const rows = await ctx.em.execute<{ product_id: string; location_id: string; quantity: number; movements: string }[]>(
    `SELECT coalesce(s.product_id, m.product_id) AS product_id, coalesce(s.location_id, m.location_id) AS location_id,
            coalesce(s.quantity, 0) AS quantity, coalesce(m.total, 0)::text AS movements
       FROM stock s
       FULL JOIN (SELECT product_id, location_id, sum(quantity) AS total FROM stock_movement GROUP BY product_id, location_id) m
         ON m.product_id = s.product_id AND m.location_id = s.location_id
      WHERE coalesce(s.quantity, 0) <> coalesce(m.total, 0)`,
  );
  return rows.map((r) => ({ productId: r.product_id, locationId: r.location_id, stock: r.quantity, sumOfMovements: Number(r.movements) }));
}

/** The product and the location of a movement; NOT_FOUND {field} when either is missing. */
async function productAt(em: EntityManager, productId: string, locationId: string, locationField = 'locationId'): Promise<{ product: Product; location: Location }> {
  const product = await em.findOne(Product, productId);
  if (!product) throw new DomainError('NOT_FOUND', { field: 'productId' });
  const location = await em.findOne(Location, locationId);
  if (!location) throw new DomainError('NOT_FOUND', { field: locationField });
  return { product, location };
}

/** The change `takeStock` made, or the INSUFFICIENT_STOCK refusal naming the product and what is available. */
export function taken(result: StockLevelChange | { available: number }, product: Product, location: Location, requested: number): StockLevelChange {
  if ('before' in result) return result;
  throw insufficientStock(product, location, result.available, requested);
}

/** INSUFFICIENT_STOCK with the product, the location and what is available, in Spanish (message) and English (`messageEn`). */
export function insufficientStock(product: Product, location: Location, available: number, requested: number): DomainError {
  const text = insufficientStockText({ sku: product.sku, name: product.name, kind: product.kind, locationName: location.name, available, requested });
  return new DomainError('INSUFFICIENT_STOCK', {
    messageEn: text.en, productId: product.id, sku: product.sku, productName: product.name, locationId: location.id, available, requested,
  }, text.es);
}
