import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { raiseAlert } from '../alerts/alert.service';
import { User } from '../identity/user.entity';
import { MovementType, ProductKind } from './inventory.enums';
import { crossedLowStock } from './inventory.rules';
import { Location } from './location.entity';
import { Product } from './product.entity';
import { Sale } from './sale.entity';
import { StockMovement } from './stock-movement.entity';

/** The stock row of a product at a location before and after a change. */
export interface StockLevelChange {
  before: number;
  after: number;
}

/** Alert kind of a product whose stock at a location fell to its low-stock threshold. */
export const LOW_STOCK_ALERT = 'LOW_STOCK';

/**
 * Adds `n` units to the stock row of (product, location), creating it when missing; the row stays locked until the
 * transaction ends. Returns the quantity before and after.
 */
export async function addStock(em: EntityManager, productId: string, locationId: string, n: number, at: Date): Promise<StockLevelChange> {
  const [row] = await em.execute<{ quantity: number }[]>(
    `INSERT INTO stock (id, product_id, location_id, quantity, updated_at) VALUES (gen_random_uuid(), ?, ?, ?, ?)
     ON CONFLICT (product_id, location_id) DO UPDATE SET quantity = stock.quantity + EXCLUDED.quantity, updated_at = EXCLUDED.updated_at
     RETURNING quantity`,
    [productId, locationId, n, at],
  );
  return { before: row!.quantity - n, after: row!.quantity };
}

/**
 * Takes `n` units from the stock row of (product, location) only if at least `n` are there, in one conditional
 * UPDATE: concurrent takers queue on the row lock and each re-checks `quantity >= n` against the committed value,
 * so no interleaving sells more than there is. Returns the change, or `{ available }` (what is there now, 0 when
 * the product never had stock at the location) when there are not enough.
 */
export async function takeStock(em: EntityManager, productId: string, locationId: string, n: number, at: Date): Promise<StockLevelChange | { available: number }> {
  const taken = await em.execute<{ quantity: number }[]>(
    `UPDATE stock SET quantity = quantity - ?, updated_at = ? WHERE product_id = ? AND location_id = ? AND quantity >= ? RETURNING quantity`,
    [n, at, productId, locationId, n],
  );
  if (taken[0]) return { before: taken[0].quantity + n, after: taken[0].quantity };
  const [row] = await em.execute<{ quantity: number }[]>('SELECT quantity FROM stock WHERE product_id = ? AND location_id = ?', [productId, locationId]);
  return { available: row?.quantity ?? 0 };
}

/** What one movement row says, besides its product, location and change. */
export interface MovementFacts {
  type: MovementType;
  quantity: number;
  actorId: string;
  at: Date;
  reason?: string | null;
  sale?: Sale | null;
  transferId?: string | null;
  counterpartLocationId?: string | null;
}

/**
 * Writes the movement row of a stock change made by `addStock`/`takeStock` in the same transaction, publishes
 * STOCK_CHANGED, and raises the low-stock alert when the change crossed the product's threshold (`crossedLowStock`):
 * an Alert for the Master (ALERT_RAISED) and an in-app notification to every active Master and to the actor.
 */
export async function recordMovement(em: EntityManager, product: Product, location: Location, change: StockLevelChange, facts: MovementFacts): Promise<StockMovement> {
  const movement = em.create(StockMovement, {
    product,
    location,
    type: facts.type,
    quantity: facts.quantity,
    reason: facts.reason ?? null,
    sale: facts.sale ?? null,
    transferId: facts.transferId ?? null,
    counterpartLocation: facts.counterpartLocationId ? em.getReference(Location, facts.counterpartLocationId) : null,
    actor: em.getReference(User, facts.actorId),
    createdAt: facts.at,
  });
  em.persist(movement);
  recordEvent(em, Topic.StockChanged, {
    productId: product.id, locationId: location.id, movementId: movement.id, type: facts.type, delta: facts.quantity, quantity: change.after, at: facts.at.toISOString(),
  });
  if (crossedLowStock(change.before, change.after, product.lowStockThreshold)) await raiseLowStock(em, product, location, movement, change.after, facts);
  return movement;
}

async function raiseLowStock(em: EntityManager, product: Product, location: Location, movement: StockMovement, left: number, facts: MovementFacts): Promise<void> {
  const seats = product.kind === ProductKind.SERVICE;
  const message = {
    es: `Stock bajo: quedan ${left} ${seats ? 'cupos' : 'unidades'} de ${product.name} (${product.sku}) en ${location.name} (umbral ${product.lowStockThreshold}).`,
    en: `Low stock: ${left} ${seats ? 'seats' : 'units'} of ${product.name} (${product.sku}) left at ${location.name} (threshold ${product.lowStockThreshold}).`,
  };
  // One alert per crossing: the crossing movement's id makes the (kind, subject, state) key new each time.
  await raiseAlert(
    em,
    { kind: LOW_STOCK_ALERT, subjectType: 'Product', subjectId: product.id, subjectState: `${location.code}:${movement.id}`, reference: product.sku, waitingSince: facts.at, message },
    facts.at,
    { kind: 'LOW_STOCK', title: { es: `Stock bajo: ${product.name}`, en: `Low stock: ${product.name}` }, data: { productId: product.id, locationId: location.id }, alsoNotify: [facts.actorId] },
  );
}
