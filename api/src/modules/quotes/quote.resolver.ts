import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { type Connection, PageArgs } from '../../shared/connection';
import { nextStates } from '../../shared/transitions';
import { Customer } from '../identity/customer.entity';
import { Owner, Permission } from '../identity/permission';
import { Order } from '../orders/order.entity';
import { Upload } from '../uploads/upload.entity';
import { PurchaseRequestEvent } from './purchase-request-event.entity';
import { PurchaseRequest } from './purchase-request.entity';
import { PurchaseRequestState, purchaseRequestTransitions } from './purchase-request.states';
import { QuoteOption } from './quote-option.entity';
import { CreatePurchaseRequestInput, MyPurchaseRequestsFilter, PurchaseRequestsFilter, SendQuoteInput, SubmitSourcingInput } from './quote.inputs';
import * as quotes from './quote.service';
import { PurchaseRequestOrder } from './quote.enums';
import { PurchaseRequestConnection, QuoteAllowance, QuoteMessage, QuotePricePreview } from './quote.types';

/**
 * Quote requests from creation to the customer's answer (DESIGN "The core flow" steps 1–7). Customers reach only
 * their own requests (the service filters by the caller's customer id); staff act per permission.
 */
@Resolver(() => PurchaseRequest)
export class QuoteResolver {
  @Authorized(Permission.RequestQuote)
  @Mutation(() => PurchaseRequest, {
    description: 'Customer: asks for a quote (product URL or photos + description). Retail goes to the China queue, wholesale to Venezuela. ' +
      'QUOTE_LIMIT_REACHED beyond the monthly limit for customers without a purchase (seed 003 §4).',
  })
  createPurchaseRequest(@Arg('input') input: CreatePurchaseRequestInput, @Ctx() ctx: Context): Promise<PurchaseRequest> {
    return quotes.createPurchaseRequest(ctx, input);
  }

  @Authorized(Permission.ReadOwnQuotes)
  @Query(() => PurchaseRequestConnection, { description: 'Customer: my quote requests, newest first.' })
  myPurchaseRequests(
    @Arg('filter', () => MyPurchaseRequestsFilter, { nullable: true }) filter: MyPurchaseRequestsFilter | undefined,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<PurchaseRequest>> {
    return quotes.listMyPurchaseRequests(ctx, filter, page);
  }

  @Authorized(Permission.RequestQuote)
  @Query(() => QuoteAllowance, { description: 'Customer: how many quote requests I may still create this month and why, and the terms of answering a quote.' })
  myQuoteAllowance(@Ctx() ctx: Context): Promise<QuoteAllowance> {
    return quotes.quoteAllowance(ctx);
  }

  @Authorized()
  @Query(() => PurchaseRequest, { description: 'One quote request: my own (customers) or any (staff with quote:read:any). NOT_FOUND otherwise.' })
  purchaseRequest(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<PurchaseRequest> {
    return quotes.findPurchaseRequest(ctx, id);
  }

  @Authorized(Permission.ReadAnyQuote)
  @Query(() => PurchaseRequestConnection, { description: 'Staff: quote requests by state, waiting queue, customer and text; newest first unless `order` says otherwise.' })
  purchaseRequests(
    @Arg('filter', () => PurchaseRequestsFilter, { nullable: true }) filter: PurchaseRequestsFilter | undefined,
    @Arg('order', () => PurchaseRequestOrder, { defaultValue: PurchaseRequestOrder.NEWEST_FIRST }) order: PurchaseRequestOrder,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<PurchaseRequest>> {
    return quotes.listPurchaseRequests(ctx, filter, page, order);
  }

  @Authorized(Permission.SourceQuote)
  @Mutation(() => PurchaseRequest, { description: 'China agent: takes a retail request from the queue (SUBMITTED → SOURCING).' })
  startSourcing(@Arg('requestId', () => ID) requestId: string, @Ctx() ctx: Context): Promise<PurchaseRequest> {
    return quotes.startSourcing(ctx, requestId);
  }

  @Authorized()
  @Mutation(() => PurchaseRequest, {
    description: 'Records supplier price, size, weight, China shipping and dispatch time, and hands the request to pricing (→ PRICING). ' +
      'China agent (quote:source) for retail, Venezuela agent (quote:price) for wholesale.',
  })
  submitSourcing(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('input') input: SubmitSourcingInput,
    @Ctx() ctx: Context,
  ): Promise<PurchaseRequest> {
    return quotes.submitSourcing(ctx, requestId, input);
  }

  @Authorized(Permission.PriceQuote)
  @Query(() => QuotePricePreview, { description: 'Venezuela agent: suggested price per requested shipping method with the parameters in force (not stored).' })
  quotePricePreview(@Arg('requestId', () => ID) requestId: string, @Ctx() ctx: Context): Promise<QuotePricePreview> {
    return quotes.previewQuotePrice(ctx, requestId);
  }

  @Authorized(Permission.PriceQuote)
  @Mutation(() => PurchaseRequest, {
    description: 'Venezuela agent: sends the final quote, one option per requested method (→ QUOTED, new round); overrides need ' +
      'quote:override-price and a reason (audited). Notifies the customer in the app and optionally by WhatsApp.',
  })
  sendQuote(@Arg('requestId', () => ID) requestId: string, @Arg('input') input: SendQuoteInput, @Ctx() ctx: Context): Promise<PurchaseRequest> {
    return quotes.sendQuote(ctx, requestId, input);
  }

  @Authorized(Permission.AnswerQuote)
  @Mutation(() => Order, { description: 'Customer: accepts an option of the current quote (→ ACCEPTED) and gets the purchase order. QUOTE_EXPIRED after the deadline.' })
  acceptQuoteOption(@Arg('optionId', () => ID) optionId: string, @Ctx() ctx: Context): Promise<Order> {
    return quotes.acceptQuoteOption(ctx, optionId);
  }

  @Authorized(Permission.AnswerQuote)
  @Mutation(() => PurchaseRequest, {
    description: 'Customer: asks for changes to the quote (→ MODIFICATION_REQUESTED). Beyond the limit (seed 003 §4: 2) the purchase is ' +
      'rejected and MODIFICATION_LIMIT_REACHED is answered.',
  })
  requestQuoteModification(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('note', { description: 'What should change, 3–2000 characters.' }) note: string,
    @Ctx() ctx: Context,
  ): Promise<PurchaseRequest> {
    return quotes.requestQuoteModification(ctx, requestId, note);
  }

  @Authorized(Permission.AnswerQuote)
  @Mutation(() => PurchaseRequest, { description: 'Customer: rejects the quote (→ REJECTED).' })
  rejectQuote(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('reason', { description: 'Why, 3–2000 characters.' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<PurchaseRequest> {
    return quotes.rejectQuote(ctx, requestId, reason);
  }

  @Authorized(Permission.DeclineQuoteRequest)
  @Mutation(() => PurchaseRequest, { description: 'Staff: declines a request not yet quoted (SUBMITTED, SOURCING, PRICING → REJECTED); the customer is told why.' })
  declinePurchaseRequest(
    @Arg('requestId', () => ID) requestId: string,
    @Arg('reason', { description: 'Shown to the customer, 3–2000 characters.' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<PurchaseRequest> {
    return quotes.declinePurchaseRequest(ctx, requestId, reason);
  }

  @Authorized(Owner, Permission.ReadCustomers)
  @FieldResolver(() => Customer, { nullable: true, description: 'Who asked: that customer and staff with customer:read:any (FORBIDDEN to others).' })
  customer(@Root() request: PurchaseRequest, @Ctx() ctx: Context): Promise<Customer | null> {
    return ctx.loaders.byId(Customer).load(request.customer.id);
  }

  @FieldResolver(() => [Upload], { description: 'Product photos the customer uploaded.' })
  photos(@Root() request: PurchaseRequest, @Ctx() ctx: Context): Promise<Upload[]> {
    return ctx.loaders.custom('purchaseRequest.photos', async (ids) => {
      const rows = await ctx.em.find(PurchaseRequest, { id: { $in: [...ids] } }, { populate: ['photos'], orderBy: { id: 'asc' } });
      const byId = new Map(rows.map((r) => [r.id, r.photos.getItems()]));
      return ids.map((id) => byId.get(id) ?? []);
    }).load(request.id);
  }

  @FieldResolver(() => [QuoteOption], { description: 'Priced options of one quote round (default: the current one); empty before the first quote.' })
  async options(
    @Root() request: PurchaseRequest,
    @Arg('round', () => Int, { nullable: true }) round: number | undefined,
    @Ctx() ctx: Context,
  ): Promise<QuoteOption[]> {
    const wanted = round ?? request.round;
    const all = await ctx.loaders.manyBy(QuoteOption, 'request', { round: 'asc', createdAt: 'asc' }).load(request.id);
    return all.filter((o) => o.round === wanted);
  }

  @Authorized(Permission.PriceQuote)
  @FieldResolver(() => QuoteMessage, {
    nullable: true,
    description: 'Venezuela agent (quote:price; FORBIDDEN to others): the quote-ready message of the current round as the customer received it, ' +
      'with a wa.me link to send it by WhatsApp by hand; null before the first quote.',
  })
  quoteMessage(@Root() request: PurchaseRequest, @Ctx() ctx: Context): Promise<QuoteMessage | null> {
    return quotes.quoteMessageOf(ctx, request);
  }

  @FieldResolver(() => [PurchaseRequestEvent], { description: 'State history, oldest first.' })
  events(@Root() request: PurchaseRequest, @Ctx() ctx: Context): Promise<PurchaseRequestEvent[]> {
    return ctx.loaders.manyBy(PurchaseRequestEvent, 'request', { at: 'asc', id: 'asc' }).load(request.id);
  }

  @FieldResolver(() => [PurchaseRequestState], { description: 'States this request can move to next, so screens offer only valid actions.' })
  nextStates(@Root() request: PurchaseRequest): PurchaseRequestState[] {
    return nextStates(purchaseRequestTransitions, request.state);
  }

  @FieldResolver(() => Order, { nullable: true, description: 'The purchase order, once an option was accepted.' })
  order(@Root() request: PurchaseRequest, @Ctx() ctx: Context): Promise<Order | null> {
    return ctx.loaders.custom<Order | null>('purchaseRequest.order', async (ids) => {
      const orders = await ctx.em.find(Order, { request: { $in: [...ids] } });
      const byRequest = new Map(orders.map((o) => [o.request.id, o]));
      return ids.map((id) => byRequest.get(id) ?? null);
    }).load(request.id);
  }
}
