import { type EntityManager, type FilterQuery, LockMode } from '@mikro-orm/postgresql';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { recordEvent } from '../../events/event-bus';
import { Topic } from '../../events/topics';
import { type Connection, type PageArgs, paginate } from '../../shared/connection';
import { DomainError, refuse } from '../../shared/errors';
import { sumMinor } from '../../shared/money';
import { nextReadableNumber } from '../../shared/readable-number';
import { containsPattern, idsMatching } from '../../shared/search';
import { transact } from '../../shared/transaction';
import { audit } from '../audit/audit.service';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import { notifyUser } from '../notifications/notification.service';
import { MovementType, SaleOrder, SalePaymentStatus } from './inventory.enums';
import type { CreateSaleInput, RecordSalePaymentInput, SalesFilter } from './inventory.inputs';
import { lockOrder } from './inventory.rules';
import { Location } from './location.entity';
import { Product } from './product.entity';
import { SaleLine } from './sale-line.entity';
import { SalePayment } from './sale-payment.entity';
import { Sale } from './sale.entity';
import { checkSalePayment, checkVoid, lineTotal, paymentStatusFor, saleCurrency } from './sale.rules';
import { taken } from './stock.service';
import { addStock, recordMovement, takeStock } from './stock.store';

/**
 * A direct sale (sale:create; seed 000 "Actualización de Inventario", seed 004 §2): in one transaction it takes each
 * line's units with a conditional decrement (`takeStock`) in `lockOrder` — so 200 sellers racing for the last units
 * sell exactly what is there — writes a SALE movement per line, the sale with its price snapshot, SALE_CHANGED and
 * the audit row. Refusals: QUANTITY_NOT_POSITIVE {field: lines}, NOT_FOUND {field: customerId | productId |
 * locationId}, PRODUCT_INACTIVE, SALE_CURRENCY_MISMATCH, BAD_USER_INPUT {field: buyerName} (neither customer nor
 * buyer), INSUFFICIENT_STOCK {productId, sku, productName, locationId, available, requested} — after which the
 * seller gets a notification saying so, written once the sale's transaction rolled back.
 */
export async function createSale(ctx: Context, input: CreateSaleInput): Promise<Sale> {
  if (input.lines.some((l) => !Number.isSafeInteger(l.quantity) || l.quantity <= 0)) throw new DomainError('QUANTITY_NOT_POSITIVE', { field: 'lines' });
  if (!input.customerId && !input.buyerName?.trim()) throw new DomainError('BAD_USER_INPUT', { field: 'buyerName' });
  const seller = principalOf(ctx).user;
  try {
    return await transact(ctx, (em) => sell(em, ctx, input, seller.id));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INSUFFICIENT_STOCK') await alertSeller(ctx, seller.id, error);
    throw error;
  }
}

async function sell(em: EntityManager, ctx: Context, input: CreateSaleInput, sellerId: string): Promise<Sale> {
  const customer = input.customerId ? await em.findOne(Customer, input.customerId) : null;
  if (input.customerId && !customer) throw new DomainError('NOT_FOUND', { field: 'customerId' });
  const requests = lockOrder(input.lines);
  const products = new Map((await em.find(Product, { id: { $in: requests.map((r) => r.productId) } })).map((p) => [p.id, p]));
  const locations = new Map((await em.find(Location, { id: { $in: requests.map((r) => r.locationId) } })).map((l) => [l.id, l]));
  for (const r of requests) {
    const product = products.get(r.productId);
    if (!product) throw new DomainError('NOT_FOUND', { field: 'productId', productId: r.productId });
    if (!locations.has(r.locationId)) throw new DomainError('NOT_FOUND', { field: 'locationId', locationId: r.locationId });
    if (!product.active) throw new DomainError('PRODUCT_INACTIVE', { productId: product.id, sku: product.sku });
  }
  const currency = saleCurrency(requests.map((r) => products.get(r.productId)!.currency));
  if (currency === 'SALE_CURRENCY_MISMATCH') throw new DomainError('SALE_CURRENCY_MISMATCH', { field: 'lines' });
  const at = new Date();
  // The number is drawn once the stock is taken, so refused sales leave fewer gaps in the sequence.
  const sale = em.create(Sale, {
    number: '',
    customer,
    buyerName: customer ? null : input.buyerName!.trim(),
    seller: em.getReference(User, sellerId),
    currency,
    totalMinor: 0,
    paidMinor: 0,
    paymentStatus: SalePaymentStatus.PENDING,
    note: input.note?.trim() || null,
    createdAt: at,
  });
  em.persist(sale);
  const totals: number[] = [];
  for (const r of requests) {
    const product = products.get(r.productId)!;
    const location = locations.get(r.locationId)!;
    const change = taken(await takeStock(em, product.id, location.id, r.quantity, at), product, location, r.quantity);
    const total = lineTotal(r.quantity, product.priceMinor);
    totals.push(total);
    em.persist(em.create(SaleLine, { sale, product, location, quantity: r.quantity, unitPriceMinor: product.priceMinor, lineTotalMinor: total }));
    await recordMovement(em, product, location, change, { type: MovementType.SALE, quantity: -r.quantity, actorId: sellerId, at, sale });
  }
  sale.number = await nextReadableNumber(em, 'VD', at);
  sale.totalMinor = sumMinor(totals);
  sale.paymentStatus = paymentStatusFor(sale.totalMinor, 0);
  recordSaleChanged(em, sale, at);
  audit(em, ctx, 'sale.created', { type: 'Sale', id: sale.id }, { number: sale.number, totalMinor: sale.totalMinor, currency, lines: requests.length });
  return sale;
}

/** The seller's notification of a sale refused for stock (seed 000: "el sistema bloquea la venta y alerta al vendedor"). */
async function alertSeller(ctx: Context, sellerId: string, refusal: DomainError): Promise<void> {
  const x = refusal.extensions as { messageEn: string; productId: string; locationId: string; available: number; requested: number; productName: string };
  await transact({ em: ctx.em.fork(), app: ctx.app }, async (em) => {
    notifyUser(em, {
      userId: sellerId,
      kind: 'INSUFFICIENT_STOCK',
      title: { es: `Venta bloqueada: ${x.productName}`, en: `Sale blocked: ${x.productName}` },
      body: { es: refusal.message, en: x.messageEn },
      data: { productId: x.productId, locationId: x.locationId, available: x.available, requested: x.requested },
    });
  });
}

/**
 * Money received for a sale (sale:create; audited): PENDING → PARTIALLY_PAID → PAID by `paymentStatusFor`, under the
 * sale's row lock so two cashiers cannot both take the last balance. NOT_FOUND, SALE_VOID, SALE_ALREADY_PAID,
 * SALE_PAYMENT_EXCEEDS_BALANCE {outstandingMinor}.
 */
export async function recordSalePayment(ctx: Context, input: RecordSalePaymentInput): Promise<Sale> {
  const actorId = principalOf(ctx).user.id;
  return transact(ctx, async (em) => {
    const sale = await lockSale(em, input.saleId);
    refuse(checkSalePayment({ status: sale.paymentStatus, totalMinor: sale.totalMinor, paidMinor: sale.paidMinor, amountMinor: input.amountMinor }), {
      field: 'amountMinor', outstandingMinor: sale.totalMinor - sale.paidMinor,
    });
    const at = new Date();
    em.persist(em.create(SalePayment, { sale, amountMinor: input.amountMinor, method: input.method, reference: input.reference?.trim() || null, recordedBy: em.getReference(User, actorId), createdAt: at }));
    sale.paidMinor += input.amountMinor;
    sale.paymentStatus = paymentStatusFor(sale.totalMinor, sale.paidMinor);
    recordSaleChanged(em, sale, at);
    audit(em, ctx, 'sale.payment-recorded', { type: 'Sale', id: sale.id }, {
      amountMinor: input.amountMinor, currency: sale.currency, method: input.method, paymentStatus: sale.paymentStatus,
    });
    return sale;
  });
}

/**
 * Voids a sale (sale:create; audited): status VOID, and every line's units return to where they came from with a
 * VOID movement, in lock order. Payments already recorded stay on the sale (refunds happen outside Morna).
 * NOT_FOUND; SALE_VOID when it already is (the sale's row lock makes a second void wait and see it).
 */
export async function voidSale(ctx: Context, saleId: string, reason: string): Promise<Sale> {
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw new DomainError('REASON_REQUIRED', { field: 'reason' });
  const actorId = principalOf(ctx).user.id;
  return transact(ctx, async (em) => {
    const sale = await lockSale(em, saleId);
    refuse(checkVoid(sale.paymentStatus));
    const at = new Date();
    const lines = await em.find(SaleLine, { sale }, { populate: ['product', 'location'] });
    const byKey = new Map(lines.map((l) => [`${l.product.id}/${l.location.id}`, l]));
    for (const r of lockOrder(lines.map((l) => ({ productId: l.product.id, locationId: l.location.id, quantity: l.quantity })))) {
      const line = byKey.get(`${r.productId}/${r.locationId}`)!;
      const change = await addStock(em, r.productId, r.locationId, r.quantity, at);
      await recordMovement(em, line.product, line.location, change, { type: MovementType.VOID, quantity: r.quantity, actorId, at, sale, reason: trimmed });
    }
    sale.paymentStatus = SalePaymentStatus.VOID;
    sale.voidedAt = at;
    sale.voidedBy = em.getReference(User, actorId);
    sale.voidReason = trimmed;
    recordSaleChanged(em, sale, at);
    audit(em, ctx, 'sale.voided', { type: 'Sale', id: sale.id }, { number: sale.number, reason: trimmed });
    return sale;
  });
}

/** Sales newest (or oldest) first, by payment status, customer and text (sale number, customer name or code, buyer name). */
export function listSales(ctx: Context, filter: SalesFilter | null | undefined, page: PageArgs, order: SaleOrder): Promise<Connection<Sale>> {
  const where: FilterQuery<Sale> = {};
  if (filter?.paymentStatus) where.paymentStatus = filter.paymentStatus;
  if (filter?.customerId) where.customer = filter.customerId;
  const matching = idsMatching(ctx.em, {
    numbers: ['SELECT id FROM direct_sale WHERE number ILIKE ?'],
    texts: [
      'SELECT id FROM direct_sale WHERE buyer_name ILIKE ?',
      'SELECT s.id FROM direct_sale s JOIN customer c ON c.id = s.customer_id WHERE c.full_name ILIKE ?',
      'SELECT s.id FROM direct_sale s JOIN customer c ON c.id = s.customer_id WHERE c.code ILIKE ?',
    ],
  }, filter?.search);
  if (matching) where.id = matching;
  const direction = order === SaleOrder.OLDEST_FIRST ? 'asc' : 'desc';
  return paginate(ctx.em, Sale, where, page, { createdAt: direction, id: direction });
}

/** One sale; NOT_FOUND. */
export async function findSale(ctx: Context, id: string): Promise<Sale> {
  const sale = await ctx.em.findOne(Sale, id);
  if (!sale) throw new DomainError('NOT_FOUND');
  return sale;
}

/** Up to 10 customers whose name, code or phone contains `search`, by name (the sale form's customer picker). */
export async function searchSaleCustomers(ctx: Context, search: string): Promise<Customer[]> {
  const pattern = containsPattern(search);
  if (!pattern) return [];
  return ctx.em.find(Customer, { $or: [{ fullName: { $ilike: pattern } }, { code: { $ilike: pattern } }, { phone: { $ilike: pattern } }] }, { orderBy: { fullName: 'asc', id: 'asc' }, limit: 10 });
}

async function lockSale(em: EntityManager, saleId: string): Promise<Sale> {
  const sale = await em.findOne(Sale, saleId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!sale) throw new DomainError('NOT_FOUND');
  return sale;
}

function recordSaleChanged(em: EntityManager, sale: Sale, at: Date): void {
  recordEvent(em, Topic.SaleChanged, { saleId: sale.id, customerId: sale.customer?.id ?? null, paymentStatus: sale.paymentStatus, at: at.toISOString() });
}

