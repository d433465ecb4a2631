import Decimal from 'decimal.js';

/** Net Promoter bucket of a 0–10 "likelihood to recommend" answer (seed 001): 9–10, 7–8, 0–6. */
export type NpsCategory = 'PROMOTER' | 'PASSIVE' | 'DETRACTOR';

/** The NPS bucket of one answer (seed 001: promoter 9–10, passive 7–8, detractor 0–6); the answer must be an integer 0–10. */
export function npsCategory(recommend: number): NpsCategory {
  if (!Number.isInteger(recommend) || recommend < 0 || recommend > 10) throw new RangeError(`Recommend score must be an integer 0–10, got ${recommend}`);
  if (recommend >= 9) return 'PROMOTER';
  return recommend >= 7 ? 'PASSIVE' : 'DETRACTOR';
}

/**
 * Net Promoter Score of a set of 0–10 answers (DESIGN "Reports and KPIs"): % promoters − % detractors, from
 * −100 to 100, rounded half away from zero so +12.5 and −12.5 round symmetrically; null when there are no answers.
 */
export function netPromoterScore(scores: number[]): number | null {
  if (scores.length === 0) return null;
  const categories = scores.map(npsCategory);
  const balance = categories.filter((c) => c === 'PROMOTER').length - categories.filter((c) => c === 'DETRACTOR').length;
  // decimal.js ROUND_HALF_UP rounds away from zero, unlike Math.round (−12.5 → −12).
  return new Decimal(balance).times(100).dividedBy(scores.length).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}
