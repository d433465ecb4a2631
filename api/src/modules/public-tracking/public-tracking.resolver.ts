import { Length } from 'class-validator';
import { Args, ArgsType, Ctx, Field, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { publicTracking } from './public-tracking.service';
import { PublicOrderTracking } from './public-tracking.types';

@ArgsType()
export class PublicTrackingArgs {
  @Field({ description: 'A purchase-order (PO-…), package (PK-…) or box (BX-…) number; case and spaces do not matter.' })
  @Length(1, 40)
  number!: string;

  @Field({ description: 'The customer code (e.g. MC-7K3QX9) or the last 4 digits of the customer\'s phone.' })
  @Length(1, 40)
  secondFactor!: string;
}

/** Order tracking without an account (seed 003 tracking, DESIGN "what a forwarder's customers share with family"). */
@Resolver()
export class PublicTrackingResolver {
  // Public on purpose, no @Authorized: the number and its second factor are the credential, the throttle its guard.
  @Query(() => [PublicOrderTracking], {
    description:
      'Public tracking of the order(s) a PO, package or box number names, for the customer the second factor proves: phase, ETA, milestones ' +
      '(place, UTC time, photos) and package/box numbers; never amounts, payments or personal data. A box lists only that customer\'s orders. ' +
      'Unknown number and wrong factor both answer TRACKING_NOT_FOUND; 10 wrong attempts an hour per number or 30 per IP answer TOO_MANY_ATTEMPTS (retryAfterSeconds).',
  })
  publicTracking(@Args() args: PublicTrackingArgs, @Ctx() ctx: Context): Promise<PublicOrderTracking[]> {
    return publicTracking(ctx, args.number, args.secondFactor);
  }
}
