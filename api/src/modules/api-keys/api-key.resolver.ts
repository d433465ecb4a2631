import type { FilterQuery } from '@mikro-orm/postgresql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, paginate } from '../../shared/connection';
import { directionOf } from '../../shared/list-order';
import { containsPattern } from '../../shared/search';
import { Customer } from '../identity/customer.entity';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { ApiKey } from './api-key.entity';
import { ApiKeySecret, ApiKeysArgs, CreateApiKeyInput, RotateApiKeyArgs } from './api-key.inputs';
import { ApiKeyState, keyState, publicPrefix } from './api-key.rules';
import { createApiKey, revokeApiKey, rotateApiKey } from './api-key.service';

const ApiKeyConnection = ConnectionType(ApiKey, 'ApiKey');

/** The Master's API keys for third parties (issue 8): create, rotate, revoke, list. */
@Authorized(Permission.ManageApiKeys)
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => ApiKeyConnection, { description: 'API keys by creation time, newest first unless `order` says otherwise; filter by state and role, search by name.' })
  async apiKeys(@Args() args: ApiKeysArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<ApiKey> = {};
    const now = new Date();
    if (args.state === ApiKeyState.REVOKED) where.revokedAt = { $ne: null };
    if (args.state === ApiKeyState.ACTIVE) Object.assign(where, { revokedAt: null, expiresAt: { $gt: now } });
    if (args.state === ApiKeyState.EXPIRED) Object.assign(where, { revokedAt: null, expiresAt: { $lte: now } });
    if (args.role) where.role = args.role;
    const pattern = containsPattern(args.search);
    if (pattern) where.name = { $ilike: pattern };
    const direction = directionOf(args.order);
    return paginate(ctx.em, ApiKey, where, args, { createdAt: direction, id: direction });
  }

  @Mutation(() => ApiKeySecret, { description: 'Creates a key; its secret is in the answer and never again (audited).' })
  createApiKey(@Arg('input') input: CreateApiKeyInput, @Ctx() ctx: Context): Promise<ApiKeySecret> {
    return createApiKey(ctx, input);
  }

  @Mutation(() => ApiKeySecret, { description: 'A new secret for an active key, shown once; the old one stops after `graceMinutes` (audited). API_KEY_NOT_ACTIVE when revoked or expired.' })
  rotateApiKey(@Args() args: RotateApiKeyArgs, @Ctx() ctx: Context): Promise<ApiKeySecret> {
    return rotateApiKey(ctx, args.id, args.graceMinutes);
  }

  @Mutation(() => ApiKey, { description: 'Revokes a key at once (audited); revoking again changes nothing.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKey> {
    return revokeApiKey(ctx, id);
  }

  @FieldResolver(() => ApiKeyState, { description: 'ACTIVE, EXPIRED or REVOKED, now.' })
  state(@Root() key: ApiKey): ApiKeyState {
    return keyState(key, new Date());
  }

  @FieldResolver(() => String, { description: 'The key\'s public part, mk_live_<id>, to recognise it (the secret is never shown again).' })
  prefix(@Root() key: ApiKey): string {
    return publicPrefix(key.id);
  }

  @FieldResolver(() => Int, { description: 'Requests made in the current UTC day, refused ones included.' })
  requestsToday(@Root() key: ApiKey): number {
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    return key.dayStart?.getTime() === today.getTime() ? key.dayCount : 0;
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The customer a customer key acts as.' })
  customer(@Root() key: ApiKey, @Ctx() ctx: Context): Promise<Customer | null> | null {
    return key.customer ? ctx.loaders.byId(Customer).load(key.customer.id) : null;
  }

  @FieldResolver(() => User, { description: 'The Master who created the key.' })
  createdBy(@Root() key: ApiKey, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.byId(User).load(key.createdBy.id);
  }
}
