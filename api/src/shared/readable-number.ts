import type { EntityManager } from '@mikro-orm/postgresql';

/** The readable numbers of the business and the database sequence behind each. */
export const readableNumbers = {
  SC: 'purchase_request_number_seq',
  PO: 'purchase_order_number_seq',
  PK: 'package_number_seq',
  BX: 'box_number_seq',
  VD: 'direct_sale_number_seq',
  /** Support tickets (issue 10). */
  TK: 'ticket_number_seq',
} as const;
export type ReadableNumberPrefix = keyof typeof readableNumbers;

/**
 * `PO-2026-000042` (seed 003 step 7: purchase-order number): prefix, UTC year, sequence zero-padded to 6
 * digits and growing past them rather than wrapping. Throws RangeError for a non-positive sequence.
 */
export function formatReadableNumber(prefix: ReadableNumberPrefix, sequence: number, now: Date): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Sequence must be a positive integer, got ${sequence}`);
  return `${prefix}-${now.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`;
}

/** Draws the next number of `prefix` from its sequence: unique without a counter row everyone would queue on. */
export async function nextReadableNumber(em: EntityManager, prefix: ReadableNumberPrefix, now: Date): Promise<string> {
  const [row] = await em.execute<{ n: string }[]>(`SELECT nextval('${readableNumbers[prefix]}')::text AS n`);
  return formatReadableNumber(prefix, Number(row!.n), now);
}
