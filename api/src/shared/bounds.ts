import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The one set of bounds every input is checked against (class-validator on each module's inputs), chosen so
 * that any priced combination stays exact in JavaScript numbers and fits the database columns.
 */
export const bounds = {
  /** Any money input, minor units of its currency: 10 billion units (USD 10,000,000,000.00). */
  maxMoneyMinor: 1_000_000_000_000,
  /** A supplier unit price, USD minor units (USD 10,000,000.00). */
  maxUnitPriceMinor: 1_000_000_000,
  /** A Master rate or fee (freight per kg or m³, delivery fees), USD minor units. */
  maxRateMinor: 100_000_000,
  /** Units of one quote request. */
  maxQuantity: 1_000_000,
  /** A side of a whole shipment, cm. */
  maxShipmentSideCm: 100_000,
  /** A side of one package at the warehouse, cm. */
  maxPackageSideCm: 1_000,
  /** A weight, kg (the `numeric(10,3)` columns hold 9,999,999.999). */
  maxWeightKg: 1_000_000,
} as const;

const WEIGHT_KG = /^\d{1,7}(\.\d{1,3})?$/;

/** A weight in kg as a decimal string with at most 3 decimals, above zero and at most `bounds.maxWeightKg` ("2.350"). */
export function IsWeightKg(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isWeightKg',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && WEIGHT_KG.test(value) && Number(value) > 0 && Number(value) <= bounds.maxWeightKg,
        defaultMessage: () => `$property must be a weight in kg above zero, at most ${bounds.maxWeightKg}, with at most 3 decimals, e.g. "2.350"`,
      },
    },
    options,
  );
}
