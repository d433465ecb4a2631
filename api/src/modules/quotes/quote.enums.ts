/** How the customer buys (seed 003 step 1): retail requests are sourced in China first, wholesale go straight to pricing. */
export enum PurchaseType {
  RETAIL = 'RETAIL',
  WHOLESALE = 'WHOLESALE',
}

/** International shipping China → Venezuela; a request may ask for several to compare (seed 003 step 1). */
export enum ShippingMethod {
  AIR = 'AIR',
  SEA = 'SEA',
  DOOR_TO_DOOR = 'DOOR_TO_DOOR',
}

/** Last leg inside Venezuela (seed 003 step 1): courier to the customer's address, or pickup at an office. */
export enum NationalDelivery {
  COURIER = 'COURIER',
  OFFICE_PICKUP = 'OFFICE_PICKUP',
}

/** Which staff queue a request waits in (seed 003 step 2): China agents source, Venezuela agents price. */
export enum StaffQueue {
  CHINA = 'CHINA',
  VENEZUELA = 'VENEZUELA',
}

/** The order of a list of quote requests, by creation time: newest first, or oldest first (staff queues). */
export enum PurchaseRequestOrder {
  NEWEST_FIRST = 'NEWEST_FIRST',
  OLDEST_FIRST = 'OLDEST_FIRST',
}
