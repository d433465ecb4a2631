import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import type { AlertRaisedPayload } from '../../events/topics';
import { Topic } from '../../events/topics';
import { ConnectionType, PageArgs, paginate } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { renewEventScope } from '../../shared/event-scope';
import { Permission } from '../identity/permission';
import { Alert } from './alert.entity';
import { acknowledgeAlert } from './alert.service';

const AlertConnection = ConnectionType(Alert, 'Alert');

@ArgsType()
class AlertsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'true: not yet acknowledged; false: acknowledged; omitted: all.' })
  open?: boolean | null;
}

/** The Master's alerts about work waiting on staff (seed 003: "Recibe alertas cuando un pedido no ha sido respondido"). */
@Authorized(Permission.ReadAlerts)
@Resolver(() => Alert)
export class AlertResolver {
  @Query(() => AlertConnection, { description: 'Alerts, newest first.' })
  alerts(@Args() args: AlertsArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<Alert> = {};
    if (args.open != null) where.acknowledgedAt = args.open ? null : { $ne: null };
    return paginate(ctx.em, Alert, where, args);
  }

  @Mutation(() => Alert, { description: 'Marks an alert as seen and handled (audited).' })
  acknowledgeAlert(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Alert> {
    return acknowledgeAlert(ctx, id);
  }

  @Subscription(() => Alert, {
    topics: Topic.AlertRaised,
    // Authorization is checked for every event, not only when subscribing (STYLE "Authorization").
    filter: ({ context }: { context: Context }) => context.principal?.permissions.has(Permission.ReadAlerts) ?? false,
    description: 'New alerts, live.',
  })
  async alertRaised(@Root() payload: AlertRaisedPayload, @Ctx() ctx: Context): Promise<Alert> {
    renewEventScope(ctx);
    const alert = await ctx.em.findOne(Alert, payload.alertId);
    if (!alert) throw new DomainError('NOT_FOUND');
    return alert;
  }
}
