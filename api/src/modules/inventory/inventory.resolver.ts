import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context';
import { AFTER_CURSOR_DESCRIPTION, EventEnvelope } from '../../events/envelope';
import { eventStream, type StreamedEvent } from '../../events/event-stream';
import { Topic, type StockChangedPayload } from '../../events/topics';
import { ConnectionType, PageArgs } from '../../shared/connection';
import { readForEvent } from '../../shared/event-scope';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { ProductOrder } from './inventory.enums';
import { CreateLocationInput, CreateProductInput, MovementsFilter, ProductsFilter, StockAdjustmentInput, StockEntryInput, StockTransferInput, UpdateProductInput } from './inventory.inputs';
import { isLowStock } from './inventory.rules';
import { StockDrift, StockLevel } from './inventory.types';
import { Location } from './location.entity';
import { Product } from './product.entity';
import { createLocation, createProduct, findProduct, listCategories, listLocations, listProducts, updateProduct } from './product.service';
import { Sale } from './sale.entity';
import { StockMovement } from './stock-movement.entity';
import { Stock } from './stock.entity';
import { listMovements, recordStockAdjustment, recordStockEntry, stockDrift, transferStock } from './stock.service';

const ProductConnection = ConnectionType(Product, 'Product');
const StockMovementConnection = ConnectionType(StockMovement, 'StockMovement');
const ProductUpdate = EventEnvelope(Product, 'ProductStockUpdate', 'product', 'The stock of a product changed, and the event\'s cursor.');
type ProductUpdate = { cursor: string; product: Product };

/** Products, locations, stock and its movements (DESIGN "Inventory and direct sales"; seeds 000, 004). */
@Authorized()
@Resolver(() => Product)
export class ProductResolver {
  @Authorized(Permission.ReadInventory)
  @Query(() => ProductConnection, { description: 'Products by name unless `order` says otherwise; filter by text, category, kind, active, low stock (inventory:read).' })
  products(
    @Arg('filter', () => ProductsFilter, { nullable: true }) filter: ProductsFilter | null,
    @Arg('order', () => ProductOrder, { nullable: true, defaultValue: ProductOrder.NAME }) order: ProductOrder,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listProducts(ctx, filter, page, order);
  }

  @Authorized(Permission.ReadInventory)
  @Query(() => Product, { description: 'One product (inventory:read). NOT_FOUND when there is none.' })
  product(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Product> {
    return findProduct(ctx, id);
  }

  @Authorized(Permission.ReadInventory)
  @Query(() => [String], { description: 'The product categories in use, A→Z (inventory:read).' })
  productCategories(@Ctx() ctx: Context): Promise<string[]> {
    return listCategories(ctx);
  }

  @Authorized(Permission.ReadInventory)
  @Query(() => [Location], { description: 'Every warehouse, store and venue, by code (inventory:read).' })
  stockLocations(@Ctx() ctx: Context): Promise<Location[]> {
    return listLocations(ctx);
  }

  @Authorized(Permission.ReadInventory)
  @Query(() => StockMovementConnection, { description: 'Stock movements, newest first; filter by product, location, type and a UTC time range (inventory:read).' })
  stockMovements(@Arg('filter', () => MovementsFilter, { nullable: true }) filter: MovementsFilter | null, @Args() page: PageArgs, @Ctx() ctx: Context) {
    return listMovements(ctx, filter, page);
  }

  @Authorized(Permission.ManageInventory)
  @Query(() => [StockDrift], { description: 'Stock rows that differ from the sum of their movements: always empty unless the books broke (inventory:manage).' })
  stockDrift(@Ctx() ctx: Context): Promise<StockDrift[]> {
    return stockDrift(ctx);
  }

  @Authorized(Permission.ManageInventory)
  @Mutation(() => Location, { description: 'A new warehouse, store or venue (inventory:manage). LOCATION_CODE_TAKEN.' })
  createStockLocation(@Arg('input', () => CreateLocationInput) input: CreateLocationInput, @Ctx() ctx: Context): Promise<Location> {
    return createLocation(ctx, input);
  }

  @Authorized(Permission.ManageInventory)
  @Mutation(() => Product, { description: 'A new product; a SERVICE opens its seats at its venue (inventory:manage). SKU_TAKEN, BAD_USER_INPUT {field}, NOT_FOUND {field}.' })
  createProduct(@Arg('input', () => CreateProductInput) input: CreateProductInput, @Ctx() ctx: Context): Promise<Product> {
    return createProduct(ctx, input);
  }

  @Authorized(Permission.ManageInventory)
  @Mutation(() => Product, { description: 'Change a product\'s name, category, price, low-stock threshold or active flag (inventory:manage). NOT_FOUND.' })
  updateProduct(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateProductInput) input: UpdateProductInput, @Ctx() ctx: Context): Promise<Product> {
    return updateProduct(ctx, id, input);
  }

  @Authorized(Permission.ManageInventory)
  @Mutation(() => StockMovement, { description: 'Units received at a location: an ENTRY (inventory:manage). QUANTITY_NOT_POSITIVE, NOT_FOUND {field}.' })
  recordStockEntry(@Arg('input', () => StockEntryInput) input: StockEntryInput, @Ctx() ctx: Context): Promise<StockMovement> {
    return recordStockEntry(ctx, input);
  }

  @Authorized(Permission.ManageInventory)
  @Mutation(() => StockMovement, { description: 'A ± correction with its reason: an ADJUSTMENT (inventory:manage). QUANTITY_NOT_POSITIVE, REASON_REQUIRED, NOT_FOUND {field}, INSUFFICIENT_STOCK.' })
  recordStockAdjustment(@Arg('input', () => StockAdjustmentInput) input: StockAdjustmentInput, @Ctx() ctx: Context): Promise<StockMovement> {
    return recordStockAdjustment(ctx, input);
  }

  @Authorized(Permission.ManageInventory)
  @Mutation(() => StockMovement, { description: 'Units moved between locations: two TRANSFER rows; returns the origin\'s (inventory:manage). QUANTITY_NOT_POSITIVE, SAME_LOCATION, SERVICE_NOT_TRANSFERABLE, NOT_FOUND {field}, INSUFFICIENT_STOCK.' })
  transferStock(@Arg('input', () => StockTransferInput) input: StockTransferInput, @Ctx() ctx: Context): Promise<StockMovement> {
    return transferStock(ctx, input);
  }

  @Authorized(Permission.ReadInventory)
  @Subscription(() => ProductUpdate, {
    description: 'The stock of a product changed (any movement). Completes when the subscriber loses inventory:read.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { after?: string | null }, Context>) =>
      eventStream(context, {
        topic: Topic.StockChanged,
        after: args.after,
        allowed: (principal) => principal.permissions.has(Permission.ReadInventory),
        visible: () => true,
      }),
  })
  async productStockUpdated(
    @Root() event: StreamedEvent<StockChangedPayload>,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): Promise<ProductUpdate> {
    return { cursor: event.cursor, product: await readForEvent(ctx, (em) => em.findOne(Product, event.payload.productId)) };
  }

  @FieldResolver(() => [StockLevel], { description: 'Stock per location where the product was ever stocked, by location code.' })
  async stock(@Root() product: Product, @Ctx() ctx: Context): Promise<StockLevel[]> {
    const rows = await ctx.loaders.manyBy(Stock, 'product').load(product.id);
    const locations = await Promise.all(rows.map((r) => ctx.loaders.byId(Location).load(r.location.id)));
    return rows
      .map((r, i) => ({ location: locations[i]!, quantity: r.quantity, low: isLowStock(r.quantity, product.lowStockThreshold) }))
      .sort((a, b) => (a.location.code < b.location.code ? -1 : 1));
  }

  @FieldResolver(() => Int, { description: 'Units (or seats) over every location.' })
  async totalStock(@Root() product: Product, @Ctx() ctx: Context): Promise<number> {
    const rows = await ctx.loaders.manyBy(Stock, 'product').load(product.id);
    return rows.reduce((sum, r) => sum + r.quantity, 0);
  }

  @FieldResolver(() => Boolean, { description: 'At or below the low-stock threshold at some location where it is stocked.' })
  async lowStock(@Root() product: Product, @Ctx() ctx: Context): Promise<boolean> {
    const rows = await ctx.loaders.manyBy(Stock, 'product').load(product.id);
    return rows.some((r) => isLowStock(r.quantity, product.lowStockThreshold));
  }
}

/** Who, where and why of a stock movement. */
@Resolver(() => StockMovement)
export class StockMovementResolver {
  @FieldResolver(() => Product)
  async product(@Root() m: StockMovement, @Ctx() ctx: Context): Promise<Product> {
    return (await ctx.loaders.byId(Product).load(m.product.id))!;
  }

  @FieldResolver(() => Location)
  async location(@Root() m: StockMovement, @Ctx() ctx: Context): Promise<Location> {
    return (await ctx.loaders.byId(Location).load(m.location.id))!;
  }

  @FieldResolver(() => Location, { nullable: true, description: 'TRANSFER: the other location of the transfer.' })
  counterpartLocation(@Root() m: StockMovement, @Ctx() ctx: Context): Promise<Location | null> | null {
    return m.counterpartLocation ? ctx.loaders.byId(Location).load(m.counterpartLocation.id) : null;
  }

  @FieldResolver(() => Sale, { nullable: true, description: 'SALE and VOID: the sale.' })
  sale(@Root() m: StockMovement, @Ctx() ctx: Context): Promise<Sale | null> | null {
    return m.sale ? ctx.loaders.byId(Sale).load(m.sale.id) : null;
  }

  @FieldResolver(() => User, { description: 'Who recorded it.' })
  async actor(@Root() m: StockMovement, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.byId(User).load(m.actor.id))!;
  }
}
