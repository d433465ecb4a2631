import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context';
import type { PaymentChangedPayload } from '../../events/topics';
import { Topic } from '../../events/topics';
import { ConnectionType, PageArgs } from '../../shared/connection';
import { Permission } from '../identity/permission';
import { Order } from '../orders/order.entity';
import { Upload } from '../uploads/upload.entity';
import { Payment } from './payment.entity';
import { PaymentState } from './payment.states';
import { PaymentOrder, PaymentsFilter, RejectPaymentArgs, SubmitPaymentInput } from './payment.inputs';
import { balanceAfterValidation, findPayment, listPayments, rejectPayment, submitPayment, validatePayment } from './payment.service';
import { BalanceAfterValidation } from './payment.types';
import { readForEvent } from '../../shared/event-scope';
import { AFTER_CURSOR_DESCRIPTION, EventEnvelope } from '../../events/envelope';
import { eventStream, type StreamedEvent } from '../../events/event-stream';

const PaymentConnection = ConnectionType(Payment, 'Payment');
const PaymentUpdate = EventEnvelope(Payment, 'PaymentUpdate', 'payment', 'A payment changed, and the event\'s cursor.');
type PaymentUpdate = { cursor: string; payment: Payment };

/** Customer payments: customers report them, payment validators approve or reject them (seed 003 step 8). */
@Authorized()
@Resolver(() => Payment)
export class PaymentResolver {
  @Authorized(Permission.ValidatePayment, Permission.ReadAnyOrder)
  @Query(() => PaymentConnection, { description: 'Customer payments, newest first unless `order` says otherwise (payment:validate or order:read:any). Customers see theirs through Order.payments.' })
  payments(
    @Arg('filter', () => PaymentsFilter, { nullable: true }) filter: PaymentsFilter | null,
    @Arg('order', () => PaymentOrder, { nullable: true, defaultValue: PaymentOrder.NEWEST_FIRST }) order: PaymentOrder,
    @Args() page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listPayments(ctx, filter, page, order);
  }

  @Authorized(Permission.ValidatePayment, Permission.ReadAnyOrder)
  @Query(() => Payment, { description: 'One customer payment (payment:validate or order:read:any). NOT_FOUND when there is none.' })
  payment(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Payment> {
    return findPayment(ctx, id);
  }

  @Authorized(Permission.SubmitPayment)
  @Mutation(() => Payment, { description: 'Report a payment (VES or USD, partial allowed) towards one of your orders; it waits for validation.' })
  submitPayment(@Arg('input', () => SubmitPaymentInput) input: SubmitPaymentInput, @Ctx() ctx: Context): Promise<Payment> {
    return submitPayment(ctx, input);
  }

  @Authorized(Permission.ValidatePayment)
  @Mutation(() => Payment, { description: 'Approve a submitted payment; it settles part or all of its order. PAYMENT_ALREADY_DECIDED if decided before.' })
  validatePayment(@Arg('paymentId', () => ID) paymentId: string, @Ctx() ctx: Context): Promise<Payment> {
    return validatePayment(ctx, paymentId);
  }

  @Authorized(Permission.ValidatePayment)
  @Mutation(() => Payment, { description: 'Reject a submitted payment with a reason shown to the customer. PAYMENT_ALREADY_DECIDED if decided before.' })
  rejectPayment(@Args() args: RejectPaymentArgs, @Ctx() ctx: Context): Promise<Payment> {
    return rejectPayment(ctx, args.paymentId, args.reason);
  }

  @Authorized(Permission.ValidatePayment)
  @Subscription(() => PaymentUpdate, {
    description: 'A payment was submitted, validated or rejected, or its holder changed (claims): the validators\' queue changed. Completes when the subscriber loses payment:validate.',
    // Authorization is checked again for every event, against the subscriber's principal as it is then.
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { after?: string | null }, Context>) =>
      eventStream(context, {
        topic: Topic.PaymentChanged,
        after: args.after,
        allowed: (principal) => principal.permissions.has(Permission.ValidatePayment),
        visible: () => true,
      }),
  })
  async paymentQueueUpdated(
    @Root() event: StreamedEvent<PaymentChangedPayload>,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): Promise<PaymentUpdate> {
    return { cursor: event.cursor, payment: await readForEvent(ctx, (em) => em.findOne(Payment, event.payload.paymentId)) };
  }

  @FieldResolver(() => Order)
  order(@Root() payment: Payment, @Ctx() ctx: Context): Promise<Order | null> {
    return ctx.loaders.byId(Order).load(payment.order.id);
  }

  // A staff preview: the customer sees the order's balance once the payment is decided.
  @Authorized(Permission.ValidatePayment, Permission.ReadAnyOrder)
  @FieldResolver(() => BalanceAfterValidation, { nullable: true, description: 'Staff only (payment:validate or order:read:any). What the order would still owe once this payment is validated; null once decided.' })
  async balanceAfterValidation(@Root() payment: Payment, @Ctx() ctx: Context): Promise<BalanceAfterValidation | null> {
    if (payment.state !== PaymentState.SUBMITTED) return null;
    const order = await ctx.loaders.byId(Order).load(payment.order.id);
    return order ? balanceAfterValidation(payment, order) : null;
  }

  @FieldResolver(() => Upload, { nullable: true, description: 'The proof image (GET /uploads/:id).' })
  proof(@Root() payment: Payment, @Ctx() ctx: Context): Promise<Upload | null> | null {
    return payment.proof ? ctx.loaders.byId(Upload).load(payment.proof.id) : null;
  }
}
