import type { EntityManager } from '@mikro-orm/postgresql';
import type { PricingParameters } from '../quotes/pricing.rules';
import { BusinessParameters } from './business-parameters.entity';

/** The parameters in force: the highest version. Throws when none were ever set (the seed sets version 1). */
export async function currentParameters(em: EntityManager): Promise<BusinessParameters> {
  const [latest] = await em.find(BusinessParameters, {}, { orderBy: { version: 'desc' }, limit: 1 });
  if (!latest) throw new Error('No business parameters: run the seed or set them as Master');
  return latest;
}

/** The subset of parameters the pricing rules read. */
export function pricingParametersOf(p: BusinessParameters): PricingParameters {
  return {
    vesPerUsd: p.vesPerUsd,
    profitMargin: p.profitMargin,
    airRatePerKgMinor: p.airRatePerKgMinor,
    doorToDoorRatePerKgMinor: p.doorToDoorRatePerKgMinor,
    seaRatePerCubicMeterMinor: p.seaRatePerCubicMeterMinor,
    volumetricDivisor: p.volumetricDivisor,
    courierFeeMinor: p.courierFeeMinor,
    officePickupFeeMinor: p.officePickupFeeMinor,
  };
}
