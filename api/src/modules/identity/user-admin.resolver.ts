import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { MaxLength } from 'class-validator';
import type { Context } from '../../context';
import { ConnectionType, PageArgs, paginate } from '../../shared/connection';
import { idsMatching, MAX_SEARCH_LENGTH } from '../../shared/search';
import { CreateStaffUserInput, SetUserRolesInput, UserOrder } from './identity.inputs';
import { Permission, rolePermissions } from './permission';
import { Role, UserKind } from './role';
import { createStaffUser, setUserActive, setUserRoles } from './user-admin.service';
import { User } from './user.entity';

const UserConnection = ConnectionType(User, 'User');

@ArgsType()
class UsersArgs extends PageArgs {
  @Field(() => UserKind, { nullable: true })
  kind?: UserKind | null;

  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Part of the username, display name or email, case-insensitive.' })
  @MaxLength(MAX_SEARCH_LENGTH)
  search?: string | null;

  @Field(() => UserOrder, { nullable: true, defaultValue: UserOrder.NEWEST_FIRST })
  order: UserOrder = UserOrder.NEWEST_FIRST;
}

// Each order ends with the id, so the cursor stays stable among equal names or creation times.
const USER_ORDERINGS: Record<UserOrder, Record<string, 'asc' | 'desc'>> = {
  [UserOrder.NAME]: { displayName: 'asc', id: 'asc' },
  [UserOrder.NEWEST_FIRST]: { createdAt: 'desc', id: 'desc' },
  [UserOrder.OLDEST_FIRST]: { createdAt: 'asc', id: 'asc' },
};

/** What one role may do: its permission names (e.g. `quote:source`), as the API enforces them. */
@ObjectType({ description: 'A role and the permissions it grants (seed 003 §3).' })
class RolePermissions {
  @Field(() => Role)
  role!: Role;

  @Field(() => [String], { description: 'Permission names such as quote:source, sorted.' })
  permissions!: string[];
}

/** The Master's user administration: staff accounts, roles, enabling and disabling. */
@Authorized(Permission.ManageUsers)
@Resolver()
export class UserAdminResolver {
  @Query(() => UserConnection, { description: 'Users, newest first unless `order` says otherwise; filter by kind, role, active, and search.' })
  async users(@Args() args: UsersArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<User> = {};
    if (args.kind) where.kind = args.kind;
    if (args.role) where.roles = { $contains: [args.role] };
    if (args.active != null) where.active = args.active;
    const matching = idsMatching(ctx.em, {
      texts: [
        'SELECT id FROM app_user WHERE username ILIKE ?',
        'SELECT id FROM app_user WHERE display_name ILIKE ?',
        'SELECT id FROM app_user WHERE email ILIKE ?',
      ],
    }, args.search);
    if (matching) where.id = matching;
    return paginate(ctx.em, User, where, args, USER_ORDERINGS[args.order ?? UserOrder.NEWEST_FIRST]);
  }

  @Query(() => [RolePermissions], { description: 'Every role and what it may do, in the order of the Role enum.' })
  rolePermissions(): RolePermissions[] {
    return Object.values(Role).map((role) => ({ role, permissions: [...rolePermissions[role]].sort() }));
  }

  @Mutation(() => User, { description: 'Creates a staff account (audited).' })
  async createStaffUser(@Arg('input') input: CreateStaffUserInput, @Ctx() ctx: Context): Promise<User> {
    return createStaffUser(ctx, input);
  }

  @Mutation(() => User, { description: 'Replaces a staff user\'s roles (audited).' })
  async setUserRoles(@Arg('input') input: SetUserRolesInput, @Ctx() ctx: Context): Promise<User> {
    return setUserRoles(ctx, input);
  }

  @Mutation(() => User, { description: 'Enables or disables an account; disabling ends its sessions (audited).' })
  async setUserActive(@Arg('userId', () => ID) userId: string, @Arg('active') active: boolean, @Ctx() ctx: Context): Promise<User> {
    return setUserActive(ctx, userId, active);
  }
}
