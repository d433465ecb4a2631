import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType, PageArgs } from '../../shared/connection';
import { ListOrder } from '../../shared/list-order';
import { Permission } from '../identity/permission';
import { Order } from '../orders/order.entity';
import { photosOfTrackingEvents } from '../orders/order.reads';
import { Upload } from '../uploads/upload.entity';
import { Box } from './box.entity';
import { listBoxes } from './box.queries';
import { AddPackagesToBoxArgs, BoxesFilter, CreateBoxInput, RecordTrackingEventInput, RegisterPackageInput } from './logistics.inputs';
import { addPackagesToBox, createBox, findBox, recordTrackingEvent, registerPackage } from './logistics.service';
import { Package } from './package.entity';
import { TrackingEvent } from './tracking-event.entity';

const BoxConnection = ConnectionType(Box, 'Box');

/** Boxes (seed 003 "números de caja"): the China agent packs them; staff who follow orders read them. */
@Authorized()
@Resolver(() => Box)
export class BoxResolver {
  @Authorized(Permission.ReadAnyOrder)
  @Query(() => Box, { description: 'A box with its packages and orders (staff).' })
  box(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Box> {
    return findBox(ctx.em, id);
  }

  @Authorized(Permission.ReadAnyOrder)
  @Query(() => BoxConnection, { description: 'Boxes by creation time, newest first unless `order` says otherwise; `filter.search` finds them by their contents (staff).' })
  boxes(
    @Args() args: PageArgs,
    @Arg('filter', () => BoxesFilter, { nullable: true }) filter: BoxesFilter | null,
    @Arg('order', () => ListOrder, { nullable: true, defaultValue: ListOrder.NEWEST_FIRST }) order: ListOrder,
    @Ctx() ctx: Context,
  ) {
    return listBoxes(ctx, filter, args, order);
  }

  @Authorized(Permission.ManagePackages)
  @Mutation(() => Box, { description: 'Packs packages (of one or several orders) into a new box BX-<year>-<number> (China agent).' })
  createBox(@Arg('input') input: CreateBoxInput, @Ctx() ctx: Context): Promise<Box> {
    return createBox(ctx, input);
  }

  @Authorized(Permission.ManagePackages)
  @Mutation(() => Box, { description: 'Adds packages to a box that has not left China (China agent).' })
  addPackagesToBox(@Args() args: AddPackagesToBoxArgs, @Ctx() ctx: Context): Promise<Box> {
    return addPackagesToBox(ctx, args);
  }

  @Authorized(Permission.ReadAnyOrder)
  @FieldResolver(() => [Package], { nullable: true, description: 'Staff only (order:read:any; FORBIDDEN to customers). Packages in the box, oldest first.' })
  packages(@Root() box: Box, @Ctx() ctx: Context): Promise<Package[]> {
    return ctx.loaders.manyBy(Package, 'box', { createdAt: 'asc', id: 'asc' }).load(box.id);
  }

  @Authorized(Permission.ReadAnyOrder)
  @FieldResolver(() => [Order], { nullable: true, description: 'Staff only (order:read:any; FORBIDDEN to customers). The orders consolidated in the box.' })
  async orders(@Root() box: Box, @Ctx() ctx: Context): Promise<Order[]> {
    const packages = await ctx.loaders.manyBy(Package, 'box', { createdAt: 'asc', id: 'asc' }).load(box.id);
    const orders = await ctx.loaders.byId(Order).loadMany([...new Set(packages.map((p) => p.order.id))]);
    return orders.filter((o): o is Order => o instanceof Order);
  }
}

/** Packages registered at the China warehouse (seed 003 "registro de paquetes"). */
@Authorized()
@Resolver(() => Package)
export class PackageResolver {
  @Authorized(Permission.ManagePackages)
  @Mutation(() => Package, { description: 'Registers a package PK-<year>-<number> of a PURCHASED or AT_CHINA_WAREHOUSE order (China agent).' })
  registerPackage(@Arg('input') input: RegisterPackageInput, @Ctx() ctx: Context): Promise<Package> {
    return registerPackage(ctx, input);
  }

  @FieldResolver(() => Box, { nullable: true, description: 'The box the package travels in, once packed.' })
  box(@Root() pkg: Package, @Ctx() ctx: Context): Promise<Box | null> | null {
    return pkg.box ? ctx.loaders.byId(Box).load(pkg.box.id) : null;
  }

  @FieldResolver(() => Order, { description: 'The order the package belongs to.' })
  async order(@Root() pkg: Package, @Ctx() ctx: Context): Promise<Order> {
    return (await ctx.loaders.byId(Order).load(pkg.order.id))!;
  }
}

/** Tracking phases (DESIGN flow step 10), recorded by China and Venezuela agents. */
@Authorized()
@Resolver(() => TrackingEvent)
export class TrackingEventResolver {
  @Authorized(Permission.RecordTracking)
  @Mutation(() => [TrackingEvent], {
    description:
      'Records a tracking phase for one order or for every order in a box (all or none move); notifies the customer of ' +
      'arrival, last mile and delivery. Returns one event per order moved.',
  })
  recordTrackingEvent(@Arg('input') input: RecordTrackingEventInput, @Ctx() ctx: Context): Promise<TrackingEvent[]> {
    return recordTrackingEvent(ctx, input);
  }

  @FieldResolver(() => [Upload], { description: 'Photos taken at this milestone.' })
  photos(@Root() event: TrackingEvent, @Ctx() ctx: Context): Promise<Upload[]> {
    return photosOfTrackingEvents(ctx).load(event.id);
  }

  @FieldResolver(() => Order, { description: 'The order this milestone belongs to.' })
  async order(@Root() event: TrackingEvent, @Ctx() ctx: Context): Promise<Order> {
    return (await ctx.loaders.byId(Order).load(event.order.id))!;
  }

  @FieldResolver(() => Box, { nullable: true, description: 'Set when the milestone was recorded for a whole box.' })
  box(@Root() event: TrackingEvent, @Ctx() ctx: Context): Promise<Box | null> | null {
    return event.box ? ctx.loaders.byId(Box).load(event.box.id) : null;
  }
}
