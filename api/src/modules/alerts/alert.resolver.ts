import type { FilterQuery } from '@mikro-orm/postgresql';
import { IsOptional, Length } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context';
import type { AlertRaisedPayload } from '../../events/topics';
import { Topic } from '../../events/topics';
import { ConnectionType, PageArgs, paginate } from '../../shared/connection';
import { Language, textIn } from '../../shared/language';
import { directionOf, ListOrder } from '../../shared/list-order';
import { containsPattern, MAX_SEARCH_LENGTH } from '../../shared/search';
import { readForEvent } from '../../shared/event-scope';
import { AFTER_CURSOR_DESCRIPTION, EventEnvelope } from '../../events/envelope';
import { eventStream, type StreamedEvent } from '../../events/event-stream';
import { Permission } from '../identity/permission';
import { Alert } from './alert.entity';
import { acknowledgeAlert } from './alert.service';

const AlertConnection = ConnectionType(Alert, 'Alert');
const AlertUpdate = EventEnvelope(Alert, 'AlertUpdate', 'alert', 'A new alert, and the event\'s cursor.');
type AlertUpdate = { cursor: string; alert: Alert };

@ArgsType()
class AlertsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'true: not yet acknowledged; false: acknowledged; omitted: all.' })
  open?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Text found (case-insensitive, trimmed) in the reference (request or order number), the message (Spanish or English) or the kind; 1–100 characters.' })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST, description: 'By the time the alert was raised.' })
  order: ListOrder = ListOrder.NEWEST_FIRST;
}

/** The Master's alerts about work waiting on staff (seed 003: "Recibe alertas cuando un pedido no ha sido respondido"). */
@Authorized(Permission.ReadAlerts)
@Resolver(() => Alert)
export class AlertResolver {
  @Query(() => AlertConnection, { description: 'Alerts by the time they were raised, newest first unless `order` says otherwise.' })
  alerts(@Args() args: AlertsArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<Alert> = {};
    if (args.open != null) where.acknowledgedAt = args.open ? null : { $ne: null };
    const pattern = containsPattern(args.search);
    if (pattern) where.$or = [{ reference: { $ilike: pattern } }, { message: { $ilike: pattern } }, { messageEn: { $ilike: pattern } }, { kind: { $ilike: pattern } }];
    const direction = directionOf(args.order);
    return paginate(ctx.em, Alert, where, args, { createdAt: direction, id: direction });
  }

  @FieldResolver(() => String, { description: 'What waits and for how long, in `language` (Spanish by default); in Spanish when the alert has no text in that language (older ones).' })
  message(@Root() alert: Alert, @Arg('language', () => Language, { defaultValue: Language.ES, description: 'The language to read it in: ES (default) or EN.' }) language: Language): string {
    return textIn({ es: alert.message, en: alert.messageEn }, language);
  }

  @Mutation(() => Alert, { description: 'Marks an alert as seen and handled (audited).' })
  acknowledgeAlert(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Alert> {
    return acknowledgeAlert(ctx, id);
  }

  @Subscription(() => AlertUpdate, {
    // Authorization is checked for every event, not only when subscribing (STYLE "Authorization").
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { after?: string | null }, Context>) =>
      eventStream(context, {
        topic: Topic.AlertRaised,
        after: args.after,
        allowed: (principal) => principal.permissions.has(Permission.ReadAlerts),
        visible: () => true,
      }),
    description: 'New alerts, live. Completes when the subscriber loses alert:read.',
  })
  async alertRaised(
    @Root() event: StreamedEvent<AlertRaisedPayload>,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): Promise<AlertUpdate> {
    const alert = await readForEvent(ctx, (em) => em.findOne(Alert, event.payload.alertId));
    return { cursor: event.cursor, alert };
  }
}
