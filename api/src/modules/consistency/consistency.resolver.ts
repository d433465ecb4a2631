import { Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType } from '../../shared/connection';
import { Permission } from '../identity/permission';
import { Order } from '../orders/order.entity';
import { listQuietBoxes, listStalledOrders } from './consistency.service';
import { QuietArgs, QuietBox } from './consistency.types';

const StalledOrderConnection = ConnectionType(Order, 'StalledOrder');
const QuietBoxConnection = ConnectionType(QuietBox, 'QuietBox');

/**
 * The consistency view (DESIGN payment validator): paid orders not moving and boxes without tracking events,
 * for payment validators (payment:validate) and the Master (alert:read).
 */
@Resolver()
export class ConsistencyResolver {
  @Authorized(Permission.ValidatePayment, Permission.ReadAlerts)
  @Query(() => StalledOrderConnection, { description: 'Orders PAID or PURCHASED with no state change for `days` days, by the time of that change, longest-waiting first unless `order` says otherwise (payment:validate or alert:read).' })
  stalledOrders(@Args() args: QuietArgs, @Ctx() ctx: Context) {
    return listStalledOrders(ctx, args);
  }

  @Authorized(Permission.ValidatePayment, Permission.ReadAlerts)
  @Query(() => QuietBoxConnection, { description: 'Boxes of orders in transit with no tracking event for `days` days, by quietSince, quietest first unless `order` says otherwise (payment:validate or alert:read).' })
  quietBoxes(@Args() args: QuietArgs, @Ctx() ctx: Context) {
    return listQuietBoxes(ctx, args);
  }
}
