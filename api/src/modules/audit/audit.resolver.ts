import type { FilterQuery } from '@mikro-orm/postgresql';
import { IsOptional, Length } from 'class-validator';
import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate } from '../../shared/connection';
import { directionOf, ListOrder } from '../../shared/list-order';
import { containsPattern, MAX_SEARCH_LENGTH } from '../../shared/search';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { AuditLogEntry } from './audit-log-entry.entity';

const AuditLogConnection = ConnectionType(AuditLogEntry, 'AuditLogEntry');

@ArgsType()
class AuditLogArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Exact action, e.g. auth.sign_in; or a prefix ending in a dot, e.g. payment.' })
  action?: string | null;

  @Field(() => ID, { nullable: true })
  actorId?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this time (UTC), inclusive.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until this time (UTC), exclusive.' })
  to?: Date | null;

  @Field(() => String, { nullable: true, description: 'Text found (case-insensitive, trimmed) in the actor\'s name as recorded, the action or the target id; 1–100 characters.' })
  @IsOptional()
  @Length(1, MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST, description: 'By the time of the entry.' })
  order: ListOrder = ListOrder.NEWEST_FIRST;
}

/** The Master browses staff sign-ins and sensitive actions (seed 003: "Verifica los accesos de los empleados"). */
@Authorized(Permission.ReadAudit)
@Resolver(() => AuditLogEntry)
export class AuditResolver {
  @Query(() => AuditLogConnection, { description: 'The access/audit log by time, newest first unless `order` says otherwise.' })
  async auditLog(@Args() args: AuditLogArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<AuditLogEntry> = {};
    if (args.action) where.action = args.action.endsWith('.') ? { $like: `${args.action}%` } : args.action;
    if (args.actorId) where.actor = args.actorId;
    if (args.from || args.to) where.at = { ...(args.from ? { $gte: args.from } : {}), ...(args.to ? { $lt: args.to } : {}) };
    const pattern = containsPattern(args.search);
    if (pattern) where.$or = [{ actorName: { $ilike: pattern } }, { action: { $ilike: pattern } }, { targetId: { $ilike: pattern } }];
    const direction = directionOf(args.order);
    return paginate(ctx.em, AuditLogEntry, where, args, { at: direction, id: direction });
  }

  @FieldResolver(() => User, { nullable: true })
  actor(@Root() entry: AuditLogEntry, @Ctx() ctx: Context): Promise<User | null> | null {
    return entry.actor ? ctx.loaders.byId(User).load(entry.actor.id) : null;
  }
}
