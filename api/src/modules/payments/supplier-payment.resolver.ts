import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Permission } from '../identity/permission';
import { User } from '../identity/user.entity';
import { Order } from '../orders/order.entity';
import { RegisterSupplierPaymentInput } from './payment.inputs';
import { SupplierPayment } from './supplier-payment.entity';
import { confirmSupplierPayment, registerSupplierPayment } from './supplier-payment.service';

/** The payment to China (seed 003 step 9): registered by the payment validator, confirmed by the China agent. */
@Authorized(Permission.ReadAnyOrder)
@Resolver(() => SupplierPayment)
export class SupplierPaymentResolver {
  @Authorized(Permission.RegisterSupplierPayment)
  @Mutation(() => SupplierPayment, { description: 'Record the payment sent to China for a PAID order (one per order).' })
  registerSupplierPayment(@Arg('input', () => RegisterSupplierPaymentInput) input: RegisterSupplierPaymentInput, @Ctx() ctx: Context): Promise<SupplierPayment> {
    return registerSupplierPayment(ctx, input);
  }

  @Authorized(Permission.ConfirmSupplierPayment)
  @Mutation(() => SupplierPayment, { description: 'Confirm the supplier payment arrived in China: the order becomes PURCHASED and its first tracking event is written.' })
  confirmSupplierPayment(@Arg('orderId', () => ID) orderId: string, @Ctx() ctx: Context): Promise<SupplierPayment> {
    return confirmSupplierPayment(ctx, orderId);
  }

  @FieldResolver(() => Order)
  order(@Root() payment: SupplierPayment, @Ctx() ctx: Context): Promise<Order | null> {
    return ctx.loaders.byId(Order).load(payment.order.id);
  }

  @FieldResolver(() => User, { description: 'The payment validator who registered it.' })
  registeredBy(@Root() payment: SupplierPayment, @Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.byId(User).load(payment.registeredBy.id);
  }

  @FieldResolver(() => User, { nullable: true, description: 'The China agent who confirmed it; null until confirmed.' })
  confirmedBy(@Root() payment: SupplierPayment, @Ctx() ctx: Context): Promise<User | null> | null {
    return payment.confirmedBy ? ctx.loaders.byId(User).load(payment.confirmedBy.id) : null;
  }
}
