import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { type Connection, ConnectionType, PageArgs, paginate } from '../../shared/connection';
import { directionOf, ListOrder } from '../../shared/list-order';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { BusinessParameters } from './business-parameters.entity';
import { currentParameters, updateBusinessParameters } from './settings.service';
import { UpdateBusinessParametersInput } from './settings.inputs';

const BusinessParametersConnection = ConnectionType(BusinessParameters, 'BusinessParameters');

/**
 * The Master's business parameters (DESIGN "Master parameters"): the version in force, its history (which is
 * also the exchange-rate history), and versioned, audited changes.
 */
@Resolver(() => BusinessParameters)
export class SettingsResolver {
  @Authorized(Permission.ReadSettings)
  @Query(() => BusinessParameters, { description: 'The business parameters in force (the highest version). Staff only.' })
  businessParameters(@Ctx() ctx: Context): Promise<BusinessParameters> {
    return currentParameters(ctx.em);
  }

  @Authorized(Permission.ReadSettings)
  @Query(() => BusinessParametersConnection, { description: 'Every version of the business parameters by version (the order they came into force), newest first unless `order` says otherwise. Staff only.' })
  businessParametersHistory(
    @Args() page: PageArgs,
    @Arg('order', () => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST }) order: ListOrder,
    @Ctx() ctx: Context,
  ): Promise<Connection<BusinessParameters>> {
    // The version is unique and grows with time: it alone keeps the cursor stable.
    return paginate(ctx.em, BusinessParameters, {}, page, { version: directionOf(order) });
  }

  @Authorized(Permission.WriteSettings)
  @Mutation(() => BusinessParameters, {
    description:
      'Master: puts a new version of the parameters in force (omitted fields keep their value). Refused with STALE_PARAMETERS ' +
      'when `expectedVersion` is no longer the current one; audited as `settings.updated`.',
  })
  updateBusinessParameters(
    @Arg('input') input: UpdateBusinessParametersInput,
    @Arg('expectedVersion', () => Int, { description: 'The version the change was made against.' }) expectedVersion: number,
    @Ctx() ctx: Context,
  ): Promise<BusinessParameters> {
    return updateBusinessParameters(ctx, input, expectedVersion);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who put this version in force (display name); null for the seed.' })
  changedByName(@Root() params: BusinessParameters, @Ctx() ctx: Context): Promise<string | null> | null {
    if (!params.changedBy) return null;
    return ctx.loaders.byId(User).load(params.changedBy.id).then((u) => u?.displayName ?? null);
  }
}
