/**
 * USD minor units in bolívares at a decimal rate ("36.500000" Bs. per dollar), VES minor units rounded
 * half-up: exact integer arithmetic (BigInt), like the API's own conversions, so no float rounds a céntimo.
 */
export function usdToVesMinor(usdMinor: number, vesPerUsd: string): number {
  const [whole = '0', fraction = ''] = vesPerUsd.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const rate = BigInt(whole) * scale + BigInt(fraction || '0');
  return Number((BigInt(usdMinor) * rate * 2n + scale) / (2n * scale));
}
