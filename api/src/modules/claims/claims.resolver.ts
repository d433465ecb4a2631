import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { Order } from '../orders/order.entity';
import { Payment } from '../payments/payment.entity';
import { PurchaseRequest } from '../quotes/purchase-request.entity';
import { WorkSubjectType, workingPermissions, workStage } from './claims.rules';
import { assignWork, claimWork, type HeldWork, liveClaimOf, releaseWork } from './claims.service';
import { WorkClaimView, WorkSubjectInput } from './claims.types';

const CLAIM_DOC = 'Changes are pushed to the item\'s queue subscriptions (staffQueueUpdated, paymentQueueUpdated, orderUpdated).';

/** Claims on work items (issue 7): take, release, and — Master or supervisor — assign. */
@Resolver()
export class ClaimResolver {
  // Staff who do some work pass the gate; the service checks they may do this item's work (FORBIDDEN otherwise).
  @Authorized(...workingPermissions)
  @Mutation(() => WorkClaimView, {
    description: 'Staff: take a work item (a new claim, or a refresh of my own). ALREADY_CLAIMED {heldBy {id displayName}, heldSince} when ' +
      'someone else holds it; FORBIDDEN without the permission its work needs; INVALID_STATE when nobody on staff has work on it. ' + CLAIM_DOC,
  })
  claimWork(@Arg('subject', () => WorkSubjectInput) subject: WorkSubjectInput, @Ctx() ctx: Context): Promise<HeldWork> {
    return claimWork(ctx, subject.type, subject.id);
  }

  // The holder, or staff who may do or assign the work (the service checks which for this item).
  @Authorized(...workingPermissions, Permission.AssignWork)
  @Mutation(() => Boolean, {
    description: 'Staff: let go of a work item I hold (or, with work:assign, anyone\'s). False when nobody held it; ALREADY_CLAIMED when ' +
      'someone else holds it; FORBIDDEN when I neither hold it nor may do or assign its work. ' + CLAIM_DOC,
  })
  releaseWork(@Arg('subject', () => WorkSubjectInput) subject: WorkSubjectInput, @Ctx() ctx: Context): Promise<boolean> {
    return releaseWork(ctx, subject.type, subject.id);
  }

  @Authorized(Permission.AssignWork)
  @Mutation(() => WorkClaimView, {
    description: 'Master or supervisor (work:assign): give a work item to `userId` (possibly myself), overriding its holder. BAD_USER_INPUT ' +
      '{field: userId} when that user may not do the work. ' + CLAIM_DOC,
  })
  assignWork(
    @Arg('subject', () => WorkSubjectInput) subject: WorkSubjectInput,
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: Context,
  ): Promise<HeldWork> {
    return assignWork(ctx, subject.type, subject.id, userId);
  }
}

const HELD_BY = 'Staff only (FORBIDDEN to customers). Who is working on it now (claimWork); null when nobody is.';
const HELD_SINCE = 'Staff only (FORBIDDEN to customers). Since when its holder has it (UTC); null when nobody holds it.';

/** `heldBy` / `heldSince` of a quote request: staff who read requests. */
@Resolver(() => PurchaseRequest)
export class PurchaseRequestClaimResolver {
  @Authorized(Permission.ReadAnyQuote)
  @FieldResolver(() => User, { nullable: true, description: HELD_BY })
  async heldBy(@Root() request: PurchaseRequest, @Ctx() ctx: Context): Promise<User | null> {
    return (await liveClaimOf(ctx, WorkSubjectType.PURCHASE_REQUEST, request.id, workStage(WorkSubjectType.PURCHASE_REQUEST, request)))?.heldBy ?? null;
  }

  @Authorized(Permission.ReadAnyQuote)
  @FieldResolver(() => Date, { nullable: true, description: HELD_SINCE })
  async heldSince(@Root() request: PurchaseRequest, @Ctx() ctx: Context): Promise<Date | null> {
    return (await liveClaimOf(ctx, WorkSubjectType.PURCHASE_REQUEST, request.id, workStage(WorkSubjectType.PURCHASE_REQUEST, request)))?.heldSince ?? null;
  }
}

/** `heldBy` / `heldSince` of a customer payment: staff who read orders or validate payments. */
@Resolver(() => Payment)
export class PaymentClaimResolver {
  @Authorized(Permission.ReadAnyOrder, Permission.ValidatePayment)
  @FieldResolver(() => User, { nullable: true, description: HELD_BY })
  async heldBy(@Root() payment: Payment, @Ctx() ctx: Context): Promise<User | null> {
    return (await liveClaimOf(ctx, WorkSubjectType.PAYMENT, payment.id, workStage(WorkSubjectType.PAYMENT, payment)))?.heldBy ?? null;
  }

  @Authorized(Permission.ReadAnyOrder, Permission.ValidatePayment)
  @FieldResolver(() => Date, { nullable: true, description: HELD_SINCE })
  async heldSince(@Root() payment: Payment, @Ctx() ctx: Context): Promise<Date | null> {
    return (await liveClaimOf(ctx, WorkSubjectType.PAYMENT, payment.id, workStage(WorkSubjectType.PAYMENT, payment)))?.heldSince ?? null;
  }
}

/** `heldBy` / `heldSince` of an order: staff who read orders. */
@Resolver(() => Order)
export class OrderClaimResolver {
  @Authorized(Permission.ReadAnyOrder)
  @FieldResolver(() => User, { nullable: true, description: HELD_BY })
  async heldBy(@Root() order: Order, @Ctx() ctx: Context): Promise<User | null> {
    return (await liveClaimOf(ctx, WorkSubjectType.ORDER, order.id, workStage(WorkSubjectType.ORDER, order)))?.heldBy ?? null;
  }

  @Authorized(Permission.ReadAnyOrder)
  @FieldResolver(() => Date, { nullable: true, description: HELD_SINCE })
  async heldSince(@Root() order: Order, @Ctx() ctx: Context): Promise<Date | null> {
    return (await liveClaimOf(ctx, WorkSubjectType.ORDER, order.id, workStage(WorkSubjectType.ORDER, order)))?.heldSince ?? null;
  }
}
