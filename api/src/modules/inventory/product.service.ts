import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { type Connection, type PageArgs, paginate } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { idsMatching } from '../../shared/search';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { MovementType, ProductKind, ProductOrder } from './inventory.enums';
import type { CreateLocationInput, CreateProductInput, ProductsFilter, UpdateProductInput } from './inventory.inputs';
import { checkProductKind, normaliseCode } from './inventory.rules';
import { Location } from './location.entity';
import { Product } from './product.entity';
import { addStock, recordMovement } from './stock.store';

/** A new location (inventory:manage; audited). LOCATION_CODE_TAKEN when its code exists. */
export async function createLocation(ctx: Context, input: CreateLocationInput): Promise<Location> {
  try {
    return await transact(ctx, async (em) => {
      const location = em.create(Location, { code: normaliseCode(input.code), name: input.name.trim(), kind: input.kind, active: true, createdAt: new Date() });
      em.persist(location);
      await em.flush();
      audit(em, ctx, 'location.created', { type: 'Location', id: location.id }, { code: location.code });
      return location;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new DomainError('LOCATION_CODE_TAKEN', { field: 'code' });
    throw error;
  }
}

/** Every location, by code. */
export function listLocations(ctx: Context): Promise<Location[]> {
  return ctx.em.find(Location, {}, { orderBy: { code: 'asc' } });
}

/**
 * A new product (inventory:manage; audited). A SERVICE session opens its `capacity` seats at its venue with an
 * ENTRY movement in the same transaction (so its stock is, as for goods, the sum of its movements). Refuses
 * BAD_USER_INPUT {field} for kind fields that do not fit (`checkProductKind`), NOT_FOUND {field: venueLocationId},
 * SKU_TAKEN.
 */
export async function createProduct(ctx: Context, input: CreateProductInput): Promise<Product> {
  const kindProblem = checkProductKind(input);
  if (kindProblem) throw new DomainError(kindProblem.code, { field: kindProblem.field });
  if (input.kind === ProductKind.SERVICE && !input.venueLocationId) throw new DomainError('BAD_USER_INPUT', { field: 'venueLocationId' });
  const actorId = principalOf(ctx).user.id;
  try {
    return await transact(ctx, async (em) => {
      const now = new Date();
      const venue = input.venueLocationId ? await em.findOne(Location, input.venueLocationId) : null;
      if (input.venueLocationId && !venue) throw new DomainError('NOT_FOUND', { field: 'venueLocationId' });
      const product = em.create(Product, {
        sku: normaliseCode(input.sku),
        name: input.name.trim(),
        category: input.category.trim(),
        priceMinor: input.priceMinor,
        currency: input.currency,
        kind: input.kind,
        capacity: input.capacity ?? null,
        sessionAt: input.sessionAt ?? null,
        lowStockThreshold: input.lowStockThreshold,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
      em.persist(product);
      await em.flush();
      if (venue && product.capacity) {
        const change = await addStock(em, product.id, venue.id, product.capacity, now);
        await recordMovement(em, product, venue, change, { type: MovementType.ENTRY, quantity: product.capacity, actorId, at: now, reason: 'Cupos del taller' });
      }
      audit(em, ctx, 'product.created', { type: 'Product', id: product.id }, { sku: product.sku, kind: product.kind });
      return product;
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new DomainError('SKU_TAKEN', { field: 'sku' });
    throw error;
  }
}

/** Changes a product's name, category, price, threshold or active flag (inventory:manage; audited). NOT_FOUND. */
export async function updateProduct(ctx: Context, id: string, input: UpdateProductInput): Promise<Product> {
  return transact(ctx, async (em) => {
    const product = await em.findOne(Product, id);
    if (!product) throw new DomainError('NOT_FOUND');
    if (input.name != null) product.name = input.name.trim();
    if (input.category != null) product.category = input.category.trim();
    if (input.priceMinor != null) product.priceMinor = input.priceMinor;
    if (input.lowStockThreshold != null) product.lowStockThreshold = input.lowStockThreshold;
    if (input.active != null) product.active = input.active;
    product.updatedAt = new Date();
    audit(em, ctx, 'product.updated', { type: 'Product', id: product.id }, { ...input });
    return product;
  });
}

/**
 * A page of products by name (A→Z), SKU or newest first, narrowed by text (name or SKU), category, kind, active
 * flag, and `lowStock`: at or below the product's threshold at some location where it is stocked.
 */
export function listProducts(ctx: Context, filter: ProductsFilter | null | undefined, page: PageArgs, order: ProductOrder): Promise<Connection<Product>> {
  const where: FilterQuery<Product> = {};
  const and: FilterQuery<Product>[] = [];
  if (filter?.category) where.category = filter.category;
  if (filter?.kind) where.kind = filter.kind;
  if (filter?.active != null) where.active = filter.active;
  const matching = idsMatching(ctx.em, { texts: ['SELECT id FROM product WHERE name ILIKE ?', 'SELECT id FROM product WHERE sku ILIKE ?'] }, filter?.search);
  if (matching) and.push({ id: matching });
  if (filter?.lowStock != null) {
    const low = ctx.em.getKnex().raw('SELECT s.product_id FROM stock s JOIN product p ON p.id = s.product_id WHERE s.quantity <= p.low_stock_threshold');
    and.push({ id: filter.lowStock ? { $in: low as never } : { $nin: low as never } });
  }
  if (and.length) where.$and = and;
  const orderBy: Record<string, 'asc' | 'desc'> =
    order === ProductOrder.SKU ? { sku: 'asc' } : order === ProductOrder.NAME ? { name: 'asc', id: 'asc' } : { createdAt: 'desc', id: 'desc' };
  return paginate(ctx.em, Product, where, page, orderBy);
}

/** One product; NOT_FOUND when there is none. */
export async function findProduct(ctx: Context, id: string): Promise<Product> {
  const product = await ctx.em.findOne(Product, id);
  if (!product) throw new DomainError('NOT_FOUND');
  return product;
}

/** The distinct product categories, A→Z (for the list filter). */
export async function listCategories(ctx: Context): Promise<string[]> {
  const rows = await ctx.em.execute<{ category: string }[]>('SELECT DISTINCT category FROM product ORDER BY category');
  return rows.map((r) => r.category);
}

