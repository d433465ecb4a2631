import type { FilterQuery } from '@mikro-orm/postgresql';
import { ArrayMaxSize, IsOptional, IsUUID } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { principalOf } from '../../auth/auth-checker';
import type { Context } from '../../context';
import type { NotificationCreatedPayload } from '../../events/topics';
import { Topic } from '../../events/topics';
import { ConnectionType, PageArgs, paginate } from '../../shared/connection';
import { Language, textIn } from '../../shared/language';
import { transact } from '../../shared/transaction';
import { Permission } from '../identity/permission';
import { Notification } from './notification.entity';
import { readForEvent } from '../../shared/event-scope';
import { AFTER_CURSOR_DESCRIPTION, EventEnvelope } from '../../events/envelope';
import { eventStream, type StreamedEvent } from '../../events/event-stream';

const NotificationConnection = ConnectionType(Notification, 'Notification');
const NotificationUpdate = EventEnvelope(Notification, 'NotificationUpdate', 'notification', 'A new notification, and the event\'s cursor.');
type NotificationUpdate = { cursor: string; notification: Notification };
const LANGUAGE_DESCRIPTION = 'The language to read it in: ES (default) or EN.';

@ArgsType()
class MyNotificationsArgs extends PageArgs {
  @Field(() => Boolean, { defaultValue: false, description: 'Only notifications not yet read.' })
  unreadOnly: boolean = false;
}

@ArgsType()
class MarkNotificationsReadArgs {
  @Field(() => [ID], { nullable: true, description: 'The notifications to mark; all of the caller\'s unread ones when omitted.' })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids?: string[] | null;
}

/**
 * The signed-in user's in-app notifications (customers and staff alike): list, unread badge, mark read, and a
 * live feed. Only ever the caller's own: every query filters by the principal's user id.
 */
@Authorized(Permission.ReadOwnNotifications)
@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: 'My notifications, newest first.' })
  myNotifications(@Args() args: MyNotificationsArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<Notification> = { recipient: principalOf(ctx).user.id };
    if (args.unreadOnly) where.readAt = null;
    return paginate(ctx.em, Notification, where, args);
  }

  @Query(() => Int, { description: 'How many of my notifications are unread (the badge).' })
  unreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    return ctx.em.count(Notification, { recipient: principalOf(ctx).user.id, readAt: null });
  }

  @Mutation(() => Int, { description: 'Marks my notifications read (ids not mine are ignored); returns how many were unread.' })
  markNotificationsRead(@Args() args: MarkNotificationsReadArgs, @Ctx() ctx: Context): Promise<number> {
    const where: FilterQuery<Notification> = { recipient: principalOf(ctx).user.id, readAt: null };
    if (args.ids) where.id = { $in: args.ids };
    return transact(ctx, (em) => em.nativeUpdate(Notification, where, { readAt: new Date() }));
  }

  @FieldResolver(() => String, { description: 'The title in `language` (Spanish by default); in Spanish when the notification has no text in that language (older ones).' })
  title(@Root() notification: Notification, @Arg('language', () => Language, { defaultValue: Language.ES, description: LANGUAGE_DESCRIPTION }) language: Language): string {
    return textIn({ es: notification.title, en: notification.titleEn }, language);
  }

  @FieldResolver(() => String, { description: 'The text in `language` (Spanish by default); in Spanish when the notification has no text in that language (older ones).' })
  body(@Root() notification: Notification, @Arg('language', () => Language, { defaultValue: Language.ES, description: LANGUAGE_DESCRIPTION }) language: Language): string {
    return textIn({ es: notification.body, en: notification.bodyEn }, language);
  }

  @Subscription(() => NotificationUpdate, {
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { after?: string | null }, Context>) =>
      eventStream(context, {
        topic: Topic.NotificationCreated,
        after: args.after,
        allowed: (principal) => principal.permissions.has(Permission.ReadOwnNotifications),
        matches: (payload) => payload.userId === context.principal?.user.id,
        key: context.principal ? { field: 'userId', value: context.principal.user.id } : null,
        visible: () => true,
      }),
    description: 'My new notifications, live.',
  })
  async notificationReceived(
    @Root() event: StreamedEvent<NotificationCreatedPayload>,
    @Arg('after', () => String, { nullable: true, description: AFTER_CURSOR_DESCRIPTION }) _after: string | null,
    @Ctx() ctx: Context,
  ): Promise<NotificationUpdate> {
    const { notificationId, userId } = event.payload;
    const notification = await readForEvent(ctx, (em) => em.findOne(Notification, { id: notificationId, recipient: userId }));
    return { cursor: event.cursor, notification };
  }
}
