import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { Permission } from '../identity/permission';
import { operationsOverview } from './reports.service';
import { OperationsOverview } from './reports.types';

/** The Master's operations overview (DESIGN "Reports and KPIs"). */
@Resolver()
export class ReportsResolver {
  @Authorized(Permission.ReadReports)
  @Query(() => OperationsOverview, { description: 'Orders per state, pending payments, revenue and NPS per month, quote conversion (report:read).' })
  operationsOverview(@Ctx() ctx: Context): Promise<OperationsOverview> {
    return operationsOverview(ctx.em);
  }
}
