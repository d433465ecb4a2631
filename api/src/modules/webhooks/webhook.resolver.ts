import type { FilterQuery } from '@mikro-orm/postgresql';
import { IsOptional, Length } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate } from '../../shared/connection';
import { DomainError } from '../../shared/errors';
import { directionOf, ListOrder } from '../../shared/list-order';
import { containsPattern, MAX_SEARCH_LENGTH } from '../../shared/search';
import { Customer } from '../identity/customer.entity';
import { Permission } from '../identity/permission';
import { WebhookDelivery, WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookEndpoint, WebhookEventType } from './webhook-endpoint.entity';
import { CreateWebhookEndpointInput, UpdateWebhookEndpointInput, WebhookEndpointWithSecret } from './webhook.inputs';
import {
  createWebhookEndpoint, deleteWebhookEndpoint, replayWebhookDelivery, rotateWebhookSecret, setWebhookEndpointEnabled, updateWebhookEndpoint,
} from './webhook.service';

const WebhookEndpointConnection = ConnectionType(WebhookEndpoint, 'WebhookEndpoint');
const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery');

@ArgsType()
class WebhookEndpointsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'true: enabled only; false: disabled only; omitted: all.' })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Text found (case-insensitive, trimmed) in the URL or the description; 1–100 characters.' })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST, description: 'By creation time.' })
  order: ListOrder = ListOrder.NEWEST_FIRST;
}

@ArgsType()
class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'One endpoint\'s deliveries; omitted: every endpoint\'s.' })
  endpointId?: string | null;

  @Field(() => WebhookDeliveryStatus, { nullable: true })
  status?: WebhookDeliveryStatus | null;

  @Field(() => WebhookEventType, { nullable: true })
  eventType?: WebhookEventType | null;

  @Field(() => String, { nullable: true, description: 'One event id (`Morna-Event-Id`).' })
  @IsOptional()
  @Length(1, 20)
  eventId?: string | null;

  @Field(() => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST, description: 'By the time the delivery was created.' })
  order: ListOrder = ListOrder.NEWEST_FIRST;
}

/** The Master's webhook endpoints and their delivery log (issue 8); every operation is audited. */
@Authorized(Permission.ManageWebhooks)
@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Query(() => WebhookEndpointConnection, { description: 'Webhook endpoints, newest first unless `order` says otherwise.' })
  webhookEndpoints(@Args() args: WebhookEndpointsArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<WebhookEndpoint> = {};
    if (args.enabled != null) where.enabled = args.enabled;
    const pattern = containsPattern(args.search);
    if (pattern) where.$or = [{ url: { $ilike: pattern } }, { description: { $ilike: pattern } }];
    const direction = directionOf(args.order);
    return paginate(ctx.em, WebhookEndpoint, where, args, { createdAt: direction, id: direction });
  }

  @Query(() => WebhookEndpoint, { nullable: true, description: 'One endpoint; null when there is none with that id.' })
  webhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<WebhookEndpoint | null> {
    return ctx.em.findOne(WebhookEndpoint, id);
  }

  @Query(() => WebhookDeliveryConnection, { description: 'The delivery log, newest first unless `order` says otherwise; filter by endpoint, status, event type or event id.' })
  webhookDeliveries(@Args() args: WebhookDeliveriesArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<WebhookDelivery> = {};
    if (args.endpointId) where.endpoint = args.endpointId;
    if (args.status) where.status = args.status;
    if (args.eventType) where.eventType = args.eventType;
    if (args.eventId != null) {
      if (!/^\d{1,18}$/.test(args.eventId)) throw new DomainError('BAD_USER_INPUT', { field: 'eventId' });
      where.eventId = args.eventId;
    }
    const direction = directionOf(args.order);
    return paginate(ctx.em, WebhookDelivery, where, args, { createdAt: direction, id: direction });
  }

  @Mutation(() => WebhookEndpointWithSecret, { description: 'Creates an endpoint; the answer holds its signing secret, shown only this once. WEBHOOK_URL_NOT_ALLOWED, BAD_USER_INPUT, NOT_FOUND (customerId).' })
  createWebhookEndpoint(@Arg('input', () => CreateWebhookEndpointInput) input: CreateWebhookEndpointInput, @Ctx() ctx: Context) {
    return createWebhookEndpoint(ctx, input);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Changes an endpoint\'s URL, description or event types. WEBHOOK_URL_NOT_ALLOWED, BAD_USER_INPUT, NOT_FOUND.' })
  updateWebhookEndpoint(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateWebhookEndpointInput) input: UpdateWebhookEndpointInput, @Ctx() ctx: Context) {
    return updateWebhookEndpoint(ctx, id, input);
  }

  @Mutation(() => WebhookEndpointWithSecret, { description: 'Replaces the signing secret at once; the answer holds the new one, shown only this once. NOT_FOUND.' })
  rotateWebhookSecret(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return rotateWebhookSecret(ctx, id);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Disables an endpoint: no new deliveries, pending ones wait. NOT_FOUND.' })
  disableWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return setWebhookEndpointEnabled(ctx, id, false);
  }

  @Mutation(() => WebhookEndpoint, { description: 'Enables an endpoint again and clears its failure count; pending deliveries are sent. NOT_FOUND.' })
  async enableWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const endpoint = await setWebhookEndpointEnabled(ctx, id, true);
    ctx.app.webhooks.wake();
    return endpoint;
  }

  @Mutation(() => Boolean, { description: 'Deletes an endpoint and its delivery log. NOT_FOUND.' })
  deleteWebhookEndpoint(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return deleteWebhookEndpoint(ctx, id);
  }

  @Mutation(() => WebhookDelivery, { description: 'Sends a finished delivery again: a new round of attempts, same event id and body. INVALID_STATE while pending, WEBHOOK_ENDPOINT_DISABLED, NOT_FOUND.' })
  replayWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return replayWebhookDelivery(ctx, id);
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer it is bound to: only that customer\'s events are sent.' })
  customer(@Root() endpoint: WebhookEndpoint, @Ctx() ctx: Context): Promise<Customer | null> | null {
    return endpoint.customer ? ctx.loaders.byId(Customer).load(endpoint.customer.id) : null;
  }
}

/** Links a delivery to its endpoint. */
@Authorized(Permission.ManageWebhooks)
@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => WebhookEndpoint)
  endpoint(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context): Promise<WebhookEndpoint | null> {
    return ctx.loaders.byId(WebhookEndpoint).load(delivery.endpoint.id);
  }
}
