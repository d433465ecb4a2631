import { LockMode, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { can, customerIdOf, principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import { type Connection, type PageArgs, paginate } from '../../shared/connection';
import { DomainError, refuse } from '../../shared/errors';
import { idsMatching } from '../../shared/search';
import { isDecimalString, MoneyDecimal } from '../../shared/money';
import { transact } from '../../shared/transaction';
import { canTransition } from '../../shared/transitions';
import { audit } from '../audit/audit.service';
import { Customer } from '../identity/customer.entity';
import type { User } from '../identity/user.entity';
import { Permission } from '../identity/permission';
import { notifyUser } from '../notifications/notification.service';
import type { Order } from '../orders/order.entity';
import { createOrderFromQuoteOption } from '../orders/order-creation.service';
import { currentParameters, pricingParametersOf } from '../settings/settings.service';
import { Upload } from '../uploads/upload.entity';
import { freightRateMinor, isPriceable, overridePrice, type PriceBreakdown, type SourcingFacts, suggestPrice, usdPaymentAmountMinor } from './pricing.rules';
import { quoteReadyMessage, shippingMethodName, whatsAppLink, whatsAppText } from './quote-message.rules';
import { bounds } from '../../shared/bounds';
import { changePurchaseRequestState } from './purchase-request-state.service';
import { PurchaseRequest } from './purchase-request.entity';
import { PurchaseRequestState, purchaseRequestTransitions } from './purchase-request.states';
import { ChargeableBasis, QuoteOption } from './quote-option.entity';
import { PurchaseRequestOrder, PurchaseType, ShippingMethod } from './quote.enums';
import type {
  CreatePurchaseRequestInput,
  MyPurchaseRequestsFilter,
  PurchaseRequestsFilter,
  QuoteOptionInput,
  SendQuoteInput,
  SubmitSourcingInput,
} from './quote.inputs';
import { calendarMonthWindow, checkModification, checkQuoteAnswerable, checkQuoteLimit, deadlineFrom, remainingQuoteRequests } from './quote.rules';
import type { QuoteAllowance, QuoteMessage, QuotePricePreview } from './quote.types';
import { nextReadableNumber } from '../../shared/readable-number';
import { customersById } from '../identity/customer.queries';
import { guardWork, holdAfterChange } from '../claims/claims.service';
import { WorkSubjectType } from '../claims/claims.rules';

/** States in which staff may decline a request (it has not been quoted yet). */
const declinableStates = [PurchaseRequestState.SUBMITTED, PurchaseRequestState.SOURCING, PurchaseRequestState.PRICING];


/**
 * Creates a quote request for the calling customer (DESIGN flow steps 1–2, 6) and routes it: retail to the
 * China queue, wholesale to Venezuela. A customer without a completed purchase may create at most
 * `monthlyQuoteLimit` per calendar month of the business time zone (seed 003 §4); the customer row is locked
 * first so parallel requests are counted one after another. Refusals: QUOTE_LIMIT_REACHED {limit},
 * BAD_USER_INPUT (no URL nor photos, photos not the caller's).
 */
export async function createPurchaseRequest(ctx: Context, input: CreatePurchaseRequestInput): Promise<PurchaseRequest> {
  const customerId = customerIdOf(ctx);
  const user = principalOf(ctx).user;
  const productUrl = input.productUrl?.trim() || null;
  const photoIds = input.photoUploadIds ?? [];
  if (!productUrl && photoIds.length === 0) throw new DomainError('BAD_USER_INPUT', { field: 'productUrl', reason: 'URL_OR_PHOTOS_REQUIRED' });
  return transact(ctx, async (em) => {
    const customer = await em.findOneOrFail(Customer, customerId, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const params = await currentParameters(em);
    const now = new Date();
    if (customer.firstPurchaseAt === null) {
      const window = calendarMonthWindow(now, params.timeZone);
      const requestsInWindow = await em.count(PurchaseRequest, { customer: customerId, createdAt: { $gte: window.start, $lt: window.end } });
      refuse(checkQuoteLimit({ hasCompletedPurchase: false, requestsInWindow, limit: params.monthlyQuoteLimit }), { limit: params.monthlyQuoteLimit });
    }
    const photos = photoIds.length > 0 ? await em.find(Upload, { id: { $in: photoIds }, owner: user.id }) : [];
    if (photos.length !== photoIds.length) throw new DomainError('BAD_USER_INPUT', { field: 'photoUploadIds', reason: 'UPLOAD_NOT_FOUND' });
    const request = em.create(PurchaseRequest, {
      number: await nextReadableNumber(em, 'SC', now),
      customer,
      productUrl,
      description: input.description.trim(),
      quantity: input.quantity,
      specifications: input.specifications?.trim() || null,
      purchaseType: input.purchaseType,
      shippingMethods: input.shippingMethods,
      nationalDelivery: input.nationalDelivery,
      state: PurchaseRequestState.SUBMITTED,
      stateChangedAt: now,
      modificationsUsed: 0,
      round: 0,
      createdAt: now,
    });
    request.photos.set(photos);
    em.persist(request);
    changePurchaseRequestState(em, request, PurchaseRequestState.SUBMITTED, { actor: user, at: now, created: true });
    return request;
  });
}

/**
 * The calling customer's monthly quote-request allowance (the count createPurchaseRequest checks, seed 003 §4)
 * and the answer terms in force: modification limit and USD payment discount.
 */
export async function quoteAllowance(ctx: Context): Promise<QuoteAllowance> {
  const customerId = customerIdOf(ctx);
  const [customer, params] = await Promise.all([ctx.em.findOneOrFail(Customer, customerId), currentParameters(ctx.em)]);
  const window = calendarMonthWindow(new Date(), params.timeZone);
  const used = await ctx.em.count(PurchaseRequest, { customer: customerId, createdAt: { $gte: window.start, $lt: window.end } });
  const hasCompletedPurchase = customer.firstPurchaseAt !== null;
  return {
    applies: !hasCompletedPurchase,
    limit: params.monthlyQuoteLimit,
    used,
    remaining: remainingQuoteRequests({ hasCompletedPurchase, requestsInWindow: used, limit: params.monthlyQuoteLimit }),
    resetsAt: window.end,
    modificationLimit: params.modificationLimit,
    usdPaymentDiscount: params.usdPaymentDiscount,
  };
}

/** The calling customer's requests, newest first. */
export function listMyPurchaseRequests(ctx: Context, filter: MyPurchaseRequestsFilter | undefined, page: PageArgs): Promise<Connection<PurchaseRequest>> {
  const where: FilterQuery<PurchaseRequest> = { customer: customerIdOf(ctx) };
  if (filter?.state) where.state = filter.state;
  return paginate(ctx.em, PurchaseRequest, where, page);
}

/**
 * Staff: every request by state, waiting queue, customer and text (number, description, customer name or
 * code), newest or oldest first by creation time (a retail request enters the China queue when created).
 */
export function listPurchaseRequests(
  ctx: Context,
  filter: PurchaseRequestsFilter | undefined,
  page: PageArgs,
  order: PurchaseRequestOrder = PurchaseRequestOrder.NEWEST_FIRST,
): Promise<Connection<PurchaseRequest>> {
  const where: FilterQuery<PurchaseRequest> = {};
  if (filter?.state) where.state = filter.state;
  if (filter?.queue) where.queue = filter.queue;
  if (filter?.customerId) where.customer = filter.customerId;
  const matching = idsMatching(ctx.em, {
    numbers: ['SELECT id FROM purchase_request WHERE number ILIKE ?'],
    texts: [
      'SELECT id FROM purchase_request WHERE description ILIKE ?',
      'SELECT r.id FROM purchase_request r JOIN customer c ON c.id = r.customer_id WHERE c.full_name ILIKE ?',
      'SELECT r.id FROM purchase_request r JOIN customer c ON c.id = r.customer_id WHERE c.code ILIKE ?',
    ],
  }, filter?.search);
  if (matching) where.id = matching;
  const direction = order === PurchaseRequestOrder.OLDEST_FIRST ? 'asc' : 'desc';
  return paginate(ctx.em, PurchaseRequest, where, page, { createdAt: direction, id: direction });
}

/** One request: any for staff with quote:read:any, otherwise only the caller's own (NOT_FOUND, never FORBIDDEN). */
export async function findPurchaseRequest(ctx: Context, id: string): Promise<PurchaseRequest> {
  const where: FilterQuery<PurchaseRequest> = can(ctx, Permission.ReadAnyQuote) ? { id } : { id, customer: customerIdOf(ctx) };
  const request = await ctx.em.findOne(PurchaseRequest, where);
  if (!request) throw new DomainError('NOT_FOUND');
  return request;
}

/**
 * China agent takes a retail request from the queue (SUBMITTED → SOURCING, seed 003 step 3) and holds it
 * (claims). ALREADY_CLAIMED while someone else holds it.
 */
export function startSourcing(ctx: Context, requestId: string): Promise<PurchaseRequest> {
  const user = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const request = await lockRequest(em, requestId);
    if (request.purchaseType !== PurchaseType.RETAIL) throw new DomainError('INVALID_STATE', { reason: 'WHOLESALE_IS_PRICED_DIRECTLY' });
    await guardRequest(ctx, em, user, request);
    changePurchaseRequestState(em, request, PurchaseRequestState.SOURCING, { actor: user });
    request.sourcedBy = user;
    await holdAfterChange(ctx, em, user, WorkSubjectType.PURCHASE_REQUEST, request.id, request.queue);
    return request;
  });
}

/**
 * Records the sourcing facts and hands the request to Venezuela for pricing (seed 003 step 3): a China agent
 * for retail requests (from SUBMITTED or SOURCING), a Venezuela agent for wholesale ones (from SUBMITTED,
 * seed 003: "Las compras al por mayor se envían directamente a un empleado en Venezuela"). Facts whose price
 * cannot be computed (total beyond `bounds.maxMoneyMinor`) are BAD_USER_INPUT {field: 'supplierUnitPriceMinor'}; ALREADY_CLAIMED while
 * someone else holds the request.
 */
export function submitSourcing(ctx: Context, requestId: string, input: SubmitSourcingInput): Promise<PurchaseRequest> {
  const user = principalOf(ctx).user;
  const maySource = can(ctx, Permission.SourceQuote);
  const mayPrice = can(ctx, Permission.PriceQuote);
  if (!maySource && !mayPrice) throw new DomainError('FORBIDDEN');
  if (!isDecimalString(input.weightKg)) throw new DomainError('BAD_USER_INPUT', { field: 'weightKg' });
  return transact(ctx, async (em) => {
    const request = await lockRequest(em, requestId);
    const retail = request.purchaseType === PurchaseType.RETAIL;
    if (retail ? !maySource : !mayPrice) throw new DomainError('FORBIDDEN');
    await guardRequest(ctx, em, user, request);
    const from = retail ? [PurchaseRequestState.SUBMITTED, PurchaseRequestState.SOURCING] : [PurchaseRequestState.SUBMITTED];
    if (!from.includes(request.state)) throw new DomainError('INVALID_TRANSITION', { from: request.state, to: PurchaseRequestState.PRICING });
    Object.assign(request, {
      supplierUnitPriceMinor: input.supplierUnitPriceMinor,
      chinaShippingMinor: input.chinaShippingMinor,
      lengthCm: input.lengthCm,
      widthCm: input.widthCm,
      heightCm: input.heightCm,
      weightKg: new MoneyDecimal(input.weightKg).toFixed(3),
      supplierDispatchDays: input.supplierDispatchDays,
      sourcingNotes: input.notes?.trim() || null,
      supplierUrl: input.supplierUrl ?? null,
      sourcedBy: user,
    });
    const pricing = pricingParametersOf(await currentParameters(em));
    if (!isPriceable(request.shippingMethods, request.nationalDelivery, sourcingFactsOf(request), pricing)) {
      throw new DomainError('BAD_USER_INPUT', { field: 'supplierUnitPriceMinor', reason: 'AMOUNT_OUT_OF_RANGE', maxTotalUsdMinor: bounds.maxMoneyMinor });
    }
    changePurchaseRequestState(em, request, PurchaseRequestState.PRICING, { actor: user });
    return request;
  });
}

/**
 * The suggested price of every requested shipping method with the parameters in force (not stored), exactly as
 * `sendQuote` would price them without override, with the freight rate applied, what a USD payer would owe, and
 * the divisor, margin and USD discount used. INVALID_STATE {reason: NOT_SOURCED} before sourcing.
 */
export async function previewQuotePrice(ctx: Context, requestId: string): Promise<QuotePricePreview> {
  const request = await findPurchaseRequest(ctx, requestId);
  const facts = sourcingFactsOf(request);
  const params = await currentParameters(ctx.em);
  const pricing = pricingParametersOf(params);
  return {
    parametersVersion: params.version,
    volumetricDivisor: pricing.volumetricDivisor,
    profitMargin: pricing.profitMargin,
    usdPaymentDiscount: params.usdPaymentDiscount,
    options: request.shippingMethods.map((method) => {
      const b = suggestPrice(method, request.nationalDelivery, facts, pricing);
      return {
        ...b,
        chargeableBasis: b.chargeableBasis as ChargeableBasis,
        freightRateMinor: freightRateMinor(method, pricing),
        usdPaymentMinor: usdPaymentAmountMinor(b.totalUsdMinor, params.usdPaymentDiscount),
      };
    }),
  };
}

/**
 * The message the customer received for the current quote round (rebuilt from the stored options and deadline
 * with the same rule `sendQuote` used), with the customer's phone and a wa.me link; null before the first quote.
 */
export async function quoteMessageOf(ctx: Context, request: PurchaseRequest): Promise<QuoteMessage | null> {
  if (request.round === 0 || !request.responseDeadline) return null;
  const [options, customer, params] = await Promise.all([
    ctx.em.find(QuoteOption, { request: request.id, round: request.round }),
    ctx.em.findOneOrFail(Customer, request.customer.id),
    currentParameters(ctx.em),
  ]);
  // The options in the order the customer asked for the methods, as sendQuote listed them.
  const ordered = request.shippingMethods.flatMap((m) => options.filter((o) => o.shippingMethod === m));
  const text = whatsAppText(quoteReadyMessage({ number: request.number, options: ordered, responseDeadline: request.responseDeadline, timeZone: params.timeZone }));
  return { text, phone: customer.phone, whatsAppUrl: whatsAppLink(customer.phone, text) };
}

/**
 * Sends the final quote (seed 003 step 4): from PRICING or MODIFICATION_REQUESTED to QUOTED, a new round with
 * one option per requested method, priced with the parameters in force (vesPerUsd and version frozen), an
 * override only with quote:override-price and a reason (audited `quote.price_overridden`). The customer is
 * notified in the app, and by WhatsApp when asked, and must answer within `quoteResponseHours`. ALREADY_CLAIMED while
 * someone else holds the request.
 */
export async function sendQuote(ctx: Context, requestId: string, input: SendQuoteInput): Promise<PurchaseRequest> {
  const user = principalOf(ctx).user;
  const now = new Date();
  checkOptionInputs(ctx, input.options, now);
  return transact(ctx, async (em) => {
    const request = await lockRequest(em, requestId);
    if (!canTransition(purchaseRequestTransitions, request.state, PurchaseRequestState.QUOTED)) {
      throw new DomainError('INVALID_TRANSITION', { from: request.state, to: PurchaseRequestState.QUOTED });
    }
    await guardRequest(ctx, em, user, request);
    checkOptionsCoverRequest(request.shippingMethods, input.options);
    const facts = sourcingFactsOf(request);
    const params = await currentParameters(em);
    const pricing = pricingParametersOf(params);
    const round = request.round + 1;
    const priced: { breakdown: PriceBreakdown; option: QuoteOptionInput }[] = [];
    // Options in the order the customer asked for the methods, so every screen lists them alike.
    for (const method of request.shippingMethods) {
      const option = input.options.find((o) => o.shippingMethod === method)!;
      let breakdown = suggestPrice(method, request.nationalDelivery, facts, pricing);
      if (option.overrideTotalUsdMinor != null) {
        breakdown = overridePrice(breakdown, option.overrideTotalUsdMinor, params.vesPerUsd);
        audit(em, ctx, 'quote.price_overridden', { type: 'PurchaseRequest', id: request.id }, {
          number: request.number,
          round,
          shippingMethod: method,
          suggestedTotalUsdMinor: breakdown.suggestedTotalUsdMinor,
          totalUsdMinor: breakdown.totalUsdMinor,
          reason: option.overrideReason,
        });
      }
      em.persist(
        em.create(QuoteOption, {
          request,
          round,
          shippingMethod: method,
          actualWeightKg: breakdown.actualWeightKg,
          volumetricWeightKg: breakdown.volumetricWeightKg,
          chargeableWeightKg: breakdown.chargeableWeightKg,
          volumeCubicMeters: breakdown.volumeCubicMeters,
          chargeableBasis: breakdown.chargeableBasis as ChargeableBasis,
          productMinor: breakdown.productMinor,
          chinaShippingMinor: breakdown.chinaShippingMinor,
          freightMinor: breakdown.freightMinor,
          nationalDeliveryMinor: breakdown.nationalDeliveryMinor,
          subtotalMinor: breakdown.subtotalMinor,
          marginMinor: breakdown.marginMinor,
          totalUsdMinor: breakdown.totalUsdMinor,
          totalVesMinor: breakdown.totalVesMinor,
          suggestedTotalUsdMinor: breakdown.suggestedTotalUsdMinor,
          overrideReason: option.overrideTotalUsdMinor != null ? option.overrideReason!.trim() : null,
          vesPerUsd: breakdown.vesPerUsd,
          estimatedDeliveryAt: option.estimatedDeliveryAt,
          createdAt: now,
        }),
      );
      priced.push({ breakdown, option });
    }
    request.round = round;
    request.quotedBy = user;
    request.quotedAt = now;
    const deadline = deadlineFrom(now, params.quoteResponseHours);
    request.responseDeadline = deadline;
    request.parametersVersion = params.version;
    changePurchaseRequestState(em, request, PurchaseRequestState.QUOTED, { actor: user, at: now });

    const customer = await em.findOneOrFail(Customer, request.customer.id);
    const message = quoteReadyMessage({
      number: request.number,
      options: priced.map(({ breakdown, option }) => ({ ...breakdown, estimatedDeliveryAt: option.estimatedDeliveryAt })),
      responseDeadline: request.responseDeadline,
      timeZone: params.timeZone,
    });
    notifyUser(em, {
      userId: customer.user.id,
      kind: 'QUOTE_READY',
      ...message,
      data: { requestId: request.id, round },
      whatsappTo: input.whatsApp ? customer.phone : null,
    });
    return request;
  });
}

/**
 * The customer accepts one option of the current quote (seed 003 steps 5 and 7): the request becomes ACCEPTED
 * and its purchase order is created in the same transaction. QUOTE_EXPIRED once the deadline passed, even
 * before the sweep marks it; another customer's option is NOT_FOUND.
 */
export function acceptQuoteOption(ctx: Context, optionId: string): Promise<Order> {
  const customerId = customerIdOf(ctx);
  const user = principalOf(ctx).user;
  return transact(ctx, async (em) => {
    const option = await em.findOne(QuoteOption, { id: optionId, request: { customer: customerId } });
    if (!option) throw new DomainError('NOT_FOUND');
    const request = await lockRequest(em, option.request.id, customerId);
    const now = new Date();
    refuse(checkQuoteAnswerable({ state: request.state, responseDeadline: request.responseDeadline ?? now, now }), { state: request.state });
    if (option.round !== request.round) throw new DomainError('INVALID_STATE', { reason: 'OPTION_NOT_IN_CURRENT_ROUND' });
    changePurchaseRequestState(em, request, PurchaseRequestState.ACCEPTED, { actor: user, at: now, note: `Opción aceptada: ${shippingMethodName[option.shippingMethod].es}` });
    const params = await currentParameters(em);
    return createOrderFromQuoteOption(em, { request, option, params, actor: user, now });
  });
}

/**
 * The customer asks for changes to the current quote (seed 003 §4): allowed `modificationLimit` times; the
 * request beyond the limit rejects the purchase, which is committed, and is then answered
 * MODIFICATION_LIMIT_REACHED {limit}.
 */
export async function requestQuoteModification(ctx: Context, requestId: string, note: string): Promise<PurchaseRequest> {
  const customerId = customerIdOf(ctx);
  const user = principalOf(ctx).user;
  const text = requiredText(note, 'note');
  const outcome = await transact(ctx, async (em) => {
    const request = await lockRequest(em, requestId, customerId);
    const now = new Date();
    refuse(checkQuoteAnswerable({ state: request.state, responseDeadline: request.responseDeadline ?? now, now }), { state: request.state });
    const params = await currentParameters(em);
    request.lastCustomerNote = text;
    if (checkModification({ modificationsUsed: request.modificationsUsed, limit: params.modificationLimit }).outcome === 'ALLOWED') {
      request.modificationsUsed += 1;
      changePurchaseRequestState(em, request, PurchaseRequestState.MODIFICATION_REQUESTED, { actor: user, at: now, note: text });
      return { request, limitReached: null };
    }
    changePurchaseRequestState(em, request, PurchaseRequestState.REJECTED, {
      actor: null,
      at: now,
      note: `Rechazada automáticamente: se superó el límite de ${params.modificationLimit} modificaciones`,
    });
    return { request, limitReached: params.modificationLimit };
  });
  if (outcome.limitReached !== null) throw new DomainError('MODIFICATION_LIMIT_REACHED', { limit: outcome.limitReached, requestId });
  return outcome.request;
}

/** The customer rejects the quote (seed 003 step 5), also while waiting for a modified one. */
export function rejectQuote(ctx: Context, requestId: string, reason: string): Promise<PurchaseRequest> {
  const customerId = customerIdOf(ctx);
  const user = principalOf(ctx).user;
  const text = requiredText(reason, 'reason');
  return transact(ctx, async (em) => {
    const request = await lockRequest(em, requestId, customerId);
    const now = new Date();
    if (request.state !== PurchaseRequestState.MODIFICATION_REQUESTED) {
      refuse(checkQuoteAnswerable({ state: request.state, responseDeadline: request.responseDeadline ?? now, now }), { state: request.state });
    }
    request.lastCustomerNote = text;
    changePurchaseRequestState(em, request, PurchaseRequestState.REJECTED, { actor: user, at: now, note: text });
    return request;
  });
}

/**
 * Staff decline a request before quoting it (reason required, shown to the customer, audited `quote.declined`).
 * ALREADY_CLAIMED while someone else holds it.
 */
export function declinePurchaseRequest(ctx: Context, requestId: string, reason: string): Promise<PurchaseRequest> {
  const user = principalOf(ctx).user;
  const text = requiredText(reason, 'reason');
  return transact(ctx, async (em) => {
    const request = await lockRequest(em, requestId);
    if (!declinableStates.includes(request.state)) throw new DomainError('INVALID_TRANSITION', { from: request.state, to: PurchaseRequestState.REJECTED });
    await guardRequest(ctx, em, user, request);
    changePurchaseRequestState(em, request, PurchaseRequestState.REJECTED, { actor: user, note: text });
    audit(em, ctx, 'quote.declined', { type: 'PurchaseRequest', id: request.id }, { number: request.number, reason: text });
    const customer = await em.findOneOrFail(Customer, request.customer.id);
    notifyUser(em, {
      userId: customer.user.id,
      kind: 'QUOTE_DECLINED',
      title: { es: `No pudimos cotizar tu solicitud ${request.number}`, en: `We could not quote your request ${request.number}` },
      body: { es: `Motivo: ${text}`, en: `Reason: ${text}` },
      data: { requestId: request.id },
    });
    return request;
  });
}

/**
 * Moves QUOTED requests past their response deadline to EXPIRED and tells the customer (seed 003 step 5).
 * Rows are taken with FOR UPDATE SKIP LOCKED, in batches, so two instances never expire the same request and a
 * customer answering at that moment is not waited on; each row is re-checked under its lock. Returns how many
 * expired.
 */
export async function expireOverdueQuotes(ctx: Pick<Context, 'em' | 'app'>, batchSize = 100): Promise<number> {
  let expired = 0;
  for (;;) {
    const { seen, changed } = await transact(ctx, async (em) => {
      const now = new Date();
      const due = await em.find(
        PurchaseRequest,
        { state: PurchaseRequestState.QUOTED, responseDeadline: { $lt: now } },
        { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, orderBy: { responseDeadline: 'asc', id: 'asc' }, limit: batchSize, refresh: true },
      );
      if (due.length === 0) return { seen: 0, changed: 0 };
      const customers = await customersById(em, due.map((r) => r.customer.id));
      let count = 0;
      for (const request of due) {
        if (request.state !== PurchaseRequestState.QUOTED || !request.responseDeadline || request.responseDeadline >= now) continue;
        changePurchaseRequestState(em, request, PurchaseRequestState.EXPIRED, { actor: null, at: now, note: 'Venció el plazo de respuesta' });
        notifyUser(em, {
          userId: customers.get(request.customer.id)!.user.id,
          kind: 'QUOTE_EXPIRED',
          title: { es: `Tu cotización ${request.number} venció`, en: `Your quote ${request.number} has expired` },
          body: {
            es: 'No recibimos tu respuesta a tiempo. Puedes crear una nueva solicitud cuando quieras.',
            en: 'We did not receive your answer in time. You can make a new request whenever you like.',
          },
          data: { requestId: request.id },
        });
        count += 1;
      }
      return { seen: due.length, changed: count };
    });
    expired += changed;
    if (seen < batchSize) return expired;
  }
}

/** Locks a request row (optionally only the customer's own) for the rest of the transaction; NOT_FOUND otherwise. */
async function lockRequest(em: EntityManager, id: string, customerId?: string): Promise<PurchaseRequest> {
  const where: FilterQuery<PurchaseRequest> = customerId ? { id, customer: customerId } : { id };
  const request = await em.findOne(PurchaseRequest, where, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!request) throw new DomainError('NOT_FOUND');
  return request;
}

/** Refuses ALREADY_CLAIMED while another staff member holds the (locked) request in its current queue. */
function guardRequest(ctx: Context, em: EntityManager, user: User, request: PurchaseRequest): Promise<void> {
  return guardWork(ctx, em, user, WorkSubjectType.PURCHASE_REQUEST, request.id, request.queue);
}

/** The sourcing facts pricing needs; INVALID_STATE while the request has not been sourced. */
function sourcingFactsOf(r: PurchaseRequest): SourcingFacts {
  if (r.supplierUnitPriceMinor === null || r.chinaShippingMinor === null || r.lengthCm === null || r.widthCm === null || r.heightCm === null || r.weightKg === null) {
    throw new DomainError('INVALID_STATE', { reason: 'NOT_SOURCED' });
  }
  return {
    supplierUnitPriceMinor: r.supplierUnitPriceMinor,
    quantity: r.quantity,
    chinaShippingMinor: r.chinaShippingMinor,
    lengthCm: r.lengthCm,
    widthCm: r.widthCm,
    heightCm: r.heightCm,
    weightKg: String(r.weightKg),
  };
}

/** Checks of the options that need no database: override permission and reason, delivery date ahead, no duplicates. */
function checkOptionInputs(ctx: Context, options: QuoteOptionInput[], now: Date): void {
  const seen = new Set<ShippingMethod>();
  for (const option of options) {
    if (seen.has(option.shippingMethod)) throw new DomainError('BAD_USER_INPUT', { field: 'options', reason: 'DUPLICATE_SHIPPING_METHOD', shippingMethod: option.shippingMethod });
    seen.add(option.shippingMethod);
    if (option.overrideTotalUsdMinor != null) {
      if (!can(ctx, Permission.OverrideQuotePrice)) throw new DomainError('FORBIDDEN');
      if (!option.overrideReason?.trim()) throw new DomainError('BAD_USER_INPUT', { field: 'overrideReason', shippingMethod: option.shippingMethod });
    } else if (option.overrideReason) {
      throw new DomainError('BAD_USER_INPUT', { field: 'overrideTotalUsdMinor', reason: 'REASON_WITHOUT_OVERRIDE', shippingMethod: option.shippingMethod });
    }
    if (option.estimatedDeliveryAt.getTime() <= now.getTime()) throw new DomainError('BAD_USER_INPUT', { field: 'estimatedDeliveryAt', shippingMethod: option.shippingMethod });
  }
}

/** Exactly one option per requested shipping method (seed 003 step 4). */
function checkOptionsCoverRequest(requested: ShippingMethod[], options: QuoteOptionInput[]): void {
  const extra = options.find((o) => !requested.includes(o.shippingMethod));
  if (extra) throw new DomainError('SHIPPING_METHOD_NOT_REQUESTED', { shippingMethod: extra.shippingMethod });
  const missing = requested.filter((m) => !options.some((o) => o.shippingMethod === m));
  if (missing.length > 0) throw new DomainError('MISSING_QUOTE_OPTION', { missing });
}

/** A trimmed free-text argument of 3–2000 characters (notes and reasons people will read). */
function requiredText(value: string, field: string): string {
  const text = value.trim();
  if (text.length < 3 || text.length > 2000) throw new DomainError('BAD_USER_INPUT', { field });
  return text;
}
