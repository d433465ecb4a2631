import type { ErrorCode } from '../../shared/errors';
import type { LocalizedText } from '../../shared/language';
import { ProductKind } from './inventory.enums';

/** A line asking for units of a product at a location. */
export interface StockRequest {
  productId: string;
  locationId: string;
  quantity: number;
}

/**
 * The requests merged per (product, location) — two lines of the same product and place take stock as one — and
 * sorted by product id then location id. Every transaction that locks several stock rows takes them in this
 * order, so two multi-line sales never wait on each other in a cycle (no deadlock).
 */
export function lockOrder<T extends StockRequest>(requests: readonly T[]): StockRequest[] {
  const merged = new Map<string, StockRequest>();
  for (const r of requests) {
    const key = `${r.productId}/${r.locationId}`;
    const seen = merged.get(key);
    merged.set(key, { productId: r.productId, locationId: r.locationId, quantity: (seen?.quantity ?? 0) + r.quantity });
  }
  return [...merged.values()].sort((a, b) => (a.productId === b.productId ? compare(a.locationId, b.locationId) : compare(a.productId, b.productId)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a change from `before` to `after` units crosses the product's low-stock threshold downwards (low means
 * `threshold` or fewer): only the change that crosses alerts, not every later sale while it stays low, and a
 * restock above the threshold re-arms it.
 */
export function crossedLowStock(before: number, after: number, threshold: number): boolean {
  return before > threshold && after <= threshold;
}

/** Whether `quantity` units at a location count as low stock for a product with `threshold`. */
export function isLowStock(quantity: number, threshold: number): boolean {
  return quantity <= threshold;
}

/** A movement staff record by hand: an entry (+n), an adjustment (±n, with a reason) or a transfer (n from one location to another). */
export type ManualMovement =
  | { type: 'ENTRY'; quantity: number }
  | { type: 'ADJUSTMENT'; quantity: number; reason: string }
  | { type: 'TRANSFER'; quantity: number; fromLocationId: string; toLocationId: string; productKind: ProductKind };

/**
 * Why a manual movement is refused, or undefined when it may be recorded: QUANTITY_NOT_POSITIVE (an entry or
 * transfer of 0 or fewer units, an adjustment of 0), REASON_REQUIRED (an adjustment without a reason of at least 3
 * characters), SAME_LOCATION (a transfer to where it comes from), SERVICE_NOT_TRANSFERABLE (a session's seats
 * belong to its venue). Stock levels are checked by the store (INSUFFICIENT_STOCK), not here.
 */
export function checkManualMovement(m: ManualMovement): ErrorCode | undefined {
  if (!Number.isSafeInteger(m.quantity)) return 'BAD_USER_INPUT';
  if (m.type === 'ADJUSTMENT') {
    if (m.quantity === 0) return 'QUANTITY_NOT_POSITIVE';
    if (m.reason.trim().length < 3) return 'REASON_REQUIRED';
    return undefined;
  }
  if (m.quantity <= 0) return 'QUANTITY_NOT_POSITIVE';
  if (m.type === 'TRANSFER') {
    if (m.fromLocationId === m.toLocationId) return 'SAME_LOCATION';
    if (m.productKind === ProductKind.SERVICE) return 'SERVICE_NOT_TRANSFERABLE';
  }
  return undefined;
}

/**
 * Why a product's kind-specific fields are refused, or undefined: a SERVICE needs a capacity of at least one seat
 * and a session time; a PHYSICAL product has neither (its units come in by ENTRY movements).
 */
export function checkProductKind(p: { kind: ProductKind; capacity?: number | null; sessionAt?: Date | null }): { code: ErrorCode; field: string } | undefined {
  if (p.kind === ProductKind.SERVICE) {
    if (p.capacity == null || !Number.isSafeInteger(p.capacity) || p.capacity < 1) return { code: 'BAD_USER_INPUT', field: 'capacity' };
    if (!p.sessionAt) return { code: 'BAD_USER_INPUT', field: 'sessionAt' };
    return undefined;
  }
  if (p.capacity != null) return { code: 'BAD_USER_INPUT', field: 'capacity' };
  if (p.sessionAt != null) return { code: 'BAD_USER_INPUT', field: 'sessionAt' };
  return undefined;
}

/**
 * The words of an INSUFFICIENT_STOCK refusal, naming the product and what is available at the location (units,
 * or seats for a service): shown to the seller next to the line and in their notification.
 */
export function insufficientStockText(p: { sku: string; name: string; kind: ProductKind; locationName: string; available: number; requested: number }): LocalizedText {
  const service = p.kind === ProductKind.SERVICE;
  const es = service ? (n: number) => (n === 1 ? '1 cupo' : `${n} cupos`) : (n: number) => (n === 1 ? '1 unidad' : `${n} unidades`);
  const en = service ? (n: number) => (n === 1 ? '1 seat' : `${n} seats`) : (n: number) => (n === 1 ? '1 unit' : `${n} units`);
  return {
    es: `Stock insuficiente de ${p.name} (${p.sku}) en ${p.locationName}: pediste ${es(p.requested)} y hay ${es(p.available)} disponible${p.available === 1 ? '' : 's'}.`,
    en: `Not enough stock of ${p.name} (${p.sku}) at ${p.locationName}: you asked for ${en(p.requested)} and ${en(p.available)} ${p.available === 1 ? 'is' : 'are'} available.`,
  };
}

/** A SKU or location code as stored: trimmed, upper case, inner spaces as hyphens. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase().replace(/\s+/g, '-');
}
