import { registerEnumType } from 'type-graphql';

/** What a product is (seed 004 §2): goods counted in units, or a capacity-limited service such as a workshop with seats. */
export enum ProductKind {
  PHYSICAL = 'PHYSICAL',
  SERVICE = 'SERVICE',
}
registerEnumType(ProductKind, { name: 'ProductKind', description: 'PHYSICAL: units in stock per location. SERVICE: seats of one session (e.g. a workshop), stock = seats left at its venue.' });

/** Where stock is kept or a session takes place. */
export enum LocationKind {
  WAREHOUSE = 'WAREHOUSE',
  STORE = 'STORE',
  VENUE = 'VENUE',
}
registerEnumType(LocationKind, { name: 'LocationKind', description: 'A warehouse, a store, or the venue of workshops.' });

/**
 * Why stock changed (seed 000 "Actualización de Inventario"). Every row carries a signed quantity; the stock of a
 * product at a location is the sum of its rows. A transfer is two TRANSFER rows sharing `transferId`: −n at the
 * origin, +n at the destination, each naming the other location.
 */
export enum MovementType {
  ENTRY = 'ENTRY',
  SALE = 'SALE',
  VOID = 'VOID',
  ADJUSTMENT = 'ADJUSTMENT',
  TRANSFER = 'TRANSFER',
}
registerEnumType(MovementType, { name: 'MovementType', description: 'ENTRY (+), SALE (−), VOID (+, a voided sale returns its units), ADJUSTMENT (±, with a reason), TRANSFER (− at the origin and + at the destination, two rows).' });

/** Payment status of a direct sale (seed 004 §2.1: PENDIENTE, PAGADO, ABONADO, ANULADO). */
export enum SalePaymentStatus {
  PENDING = 'PENDING',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
  VOID = 'VOID',
}
registerEnumType(SalePaymentStatus, { name: 'SalePaymentStatus', description: 'PENDING (nothing paid), PARTIALLY_PAID (abonado), PAID, VOID (anulada: its units returned to stock).' });

/** How a direct sale is paid at the counter. */
export enum SalePaymentMethod {
  CASH = 'CASH',
  CARD = 'CARD',
  PAGO_MOVIL = 'PAGO_MOVIL',
  BANK_TRANSFER = 'BANK_TRANSFER',
  ZELLE = 'ZELLE',
}
registerEnumType(SalePaymentMethod, { name: 'SalePaymentMethod' });

/** The order of the product list. */
export enum ProductOrder {
  NAME = 'NAME',
  SKU = 'SKU',
  NEWEST_FIRST = 'NEWEST_FIRST',
}
registerEnumType(ProductOrder, { name: 'ProductOrder', description: 'Products by name (A→Z), by SKU, or newest first.' });

/** The order of the sales list by sale time. */
export enum SaleOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
}
registerEnumType(SaleOrder, { name: 'SaleOrder' });
