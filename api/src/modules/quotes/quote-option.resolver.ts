import { GraphQLSafeInt } from 'graphql-scalars';
import { Authorized, FieldResolver, Resolver, Root } from 'type-graphql';
import { productAndServiceMinor } from './pricing.rules';
import { QuoteOption } from './quote-option.entity';

/** Fields of a quote option computed for the customer's view of the price. */
@Authorized()
@Resolver(() => QuoteOption)
export class QuoteOptionResolver {
  @FieldResolver(() => GraphQLSafeInt, {
    description: 'Product, its shipping to the China warehouse and the service: the all-in price less freight and national delivery, ' +
      'USD minor units. With freightMinor and nationalDeliveryMinor it adds up to totalUsdMinor.',
  })
  productAndServiceMinor(@Root() option: QuoteOption): number {
    return productAndServiceMinor(option);
  }
}
