import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLSafeInt } from 'graphql-scalars';
import type { Context } from '../../context';
import { ConnectionType, PageArgs } from '../../shared/connection';
import { nextStates } from '../../shared/transitions';
import { Customer } from '../identity/customer.entity';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { SaleOrder, SalePaymentStatus } from './inventory.enums';
import { CreateSaleInput, RecordSalePaymentInput, SalesFilter } from './inventory.inputs';
import { Location } from './location.entity';
import { Product } from './product.entity';
import { SaleLine } from './sale-line.entity';
import { SalePayment } from './sale-payment.entity';
import { Sale } from './sale.entity';
import { saleTransitions } from './sale.rules';
import { createSale, findSale, listSales, recordSalePayment, searchSaleCustomers, voidSale } from './sale.service';

const SaleConnection = ConnectionType(Sale, 'Sale');

/** Direct sales: sellers sell, record payments and void (seed 004 §2). */
@Authorized()
@Resolver(() => Sale)
export class SaleResolver {
  @Authorized(Permission.ReadInventory)
  @Query(() => SaleConnection, { description: 'Direct sales, newest first unless `order` says otherwise; filter by text, payment status, customer (inventory:read).' })
  sales(
    @Arg('filter', () => SalesFilter, { nullable: true }) filter: SalesFilter | null,
    @Arg('order', () => SaleOrder, { nullable: true, defaultValue: SaleOrder.NEWEST_FIRST }) order: SaleOrder,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listSales(ctx, filter, page, order);
  }

  @Authorized(Permission.ReadInventory)
  @Query(() => Sale, { description: 'One direct sale (inventory:read). NOT_FOUND.' })
  sale(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Sale> {
    return findSale(ctx, id);
  }

  @Authorized(Permission.CreateSale)
  @Query(() => [Customer], { description: 'Up to 10 customers whose name, code or phone contains `search`, for the sale form (sale:create).' })
  saleCustomerSearch(@Arg('search', () => String) search: string, @Ctx() ctx: Context): Promise<Customer[]> {
    return searchSaleCustomers(ctx, search.slice(0, 100));
  }

  @Authorized(Permission.CreateSale)
  @Mutation(() => Sale, { description: 'Sell: takes the lines\' units from stock or refuses the whole sale with INSUFFICIENT_STOCK {productId, sku, productName, locationId, available, requested} and notifies the seller (sale:create).' })
  createSale(@Arg('input', () => CreateSaleInput) input: CreateSaleInput, @Ctx() ctx: Context): Promise<Sale> {
    return createSale(ctx, input);
  }

  @Authorized(Permission.CreateSale)
  @Mutation(() => Sale, { description: 'Money received for a sale: PENDING → PARTIALLY_PAID → PAID (sale:create). SALE_VOID, SALE_ALREADY_PAID, SALE_PAYMENT_EXCEEDS_BALANCE {outstandingMinor}.' })
  recordSalePayment(@Arg('input', () => RecordSalePaymentInput) input: RecordSalePaymentInput, @Ctx() ctx: Context): Promise<Sale> {
    return recordSalePayment(ctx, input);
  }

  @Authorized(Permission.CreateSale)
  @Mutation(() => Sale, { description: 'Void a sale: its units return to stock (VOID movements) (sale:create). SALE_VOID when it already is; REASON_REQUIRED.' })
  voidSale(@Arg('saleId', () => ID) saleId: string, @Arg('reason', () => String) reason: string, @Ctx() ctx: Context): Promise<Sale> {
    return voidSale(ctx, saleId, reason.slice(0, 300));
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer; null for a walk-in buyer.' })
  customer(@Root() sale: Sale, @Ctx() ctx: Context): Promise<Customer | null> | null {
    return sale.customer ? ctx.loaders.byId(Customer).load(sale.customer.id) : null;
  }

  @FieldResolver(() => User)
  async seller(@Root() sale: Sale, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.byId(User).load(sale.seller.id))!;
  }

  @FieldResolver(() => User, { nullable: true })
  voidedBy(@Root() sale: Sale, @Ctx() ctx: Context): Promise<User | null> | null {
    return sale.voidedBy ? ctx.loaders.byId(User).load(sale.voidedBy.id) : null;
  }

  @FieldResolver(() => [SaleLine])
  lines(@Root() sale: Sale, @Ctx() ctx: Context): Promise<SaleLine[]> {
    return ctx.loaders.manyBy(SaleLine, 'sale', { id: 'asc' }).load(sale.id);
  }

  @FieldResolver(() => [SalePayment], { description: 'Payments recorded, oldest first.' })
  payments(@Root() sale: Sale, @Ctx() ctx: Context): Promise<SalePayment[]> {
    return ctx.loaders.manyBy(SalePayment, 'sale', { createdAt: 'asc' }).load(sale.id);
  }

  @FieldResolver(() => GraphQLSafeInt, { description: 'totalMinor − paidMinor (0 once paid or void).' })
  outstandingMinor(@Root() sale: Sale): number {
    return sale.paymentStatus === SalePaymentStatus.VOID ? 0 : Math.max(0, sale.totalMinor - sale.paidMinor);
  }

  @FieldResolver(() => [SalePaymentStatus], { description: 'The statuses this sale may move to next (saleTransitions), so screens offer only valid actions.' })
  nextStatuses(@Root() sale: Sale): SalePaymentStatus[] {
    return nextStates(saleTransitions, sale.paymentStatus);
  }
}

/** A sale line's product and location. */
@Resolver(() => SaleLine)
export class SaleLineResolver {
  @FieldResolver(() => Product)
  async product(@Root() line: SaleLine, @Ctx() ctx: Context): Promise<Product> {
    return (await ctx.loaders.byId(Product).load(line.product.id))!;
  }

  @FieldResolver(() => Location)
  async location(@Root() line: SaleLine, @Ctx() ctx: Context): Promise<Location> {
    return (await ctx.loaders.byId(Location).load(line.location.id))!;
  }
}

/** Who recorded a sale payment. */
@Resolver(() => SalePayment)
export class SalePaymentResolver {
  @FieldResolver(() => User)
  async recordedBy(@Root() payment: SalePayment, @Ctx() ctx: Context): Promise<User> {
    return (await ctx.loaders.byId(User).load(payment.recordedBy.id))!;
  }
}
