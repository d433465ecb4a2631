/**
 * The operations the throughput benchmark sends, each named (the raw baseline server dispatches on
 * `operationName`) and each answered by both servers with the same bytes.
 */

export const ORDER_FULL = `query BenchOrderFull($id: ID!) {
  order(id: $id) {
    id number state shippingMethod totalUsdMinor settledUsdMinor paymentDeadline createdAt
    payments { id method currency amountMinor reference state createdAt }
    packages { id number box { number } }
    trackingEvents { id phase place note occurredAt actorName }
  }
}`;

export const ORDER_MINIMAL = `query BenchOrderMinimal($id: ID!) { order(id: $id) { number state } }`;

export const STAFF_ORDERS = `query BenchStaffOrders($first: Int!) {
  orders(first: $first) {
    totalCount
    totalCountExact
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id number state createdAt totalUsdMinor
        customer { id code fullName }
        payments { id state amountMinor }
        trackingEvents { id phase occurredAt }
      }
    }
  }
}`;

export const MY_ORDERS = `query BenchMyOrders($first: Int!) {
  myOrders(first: $first) {
    totalCount
    totalCountExact
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id number state createdAt totalUsdMinor payments { id state amountMinor } } }
  }
}`;

export const PUBLIC_TRACKING = `query BenchPublicTracking($number: String!, $secondFactor: String!) {
  publicTracking(number: $number, secondFactor: $secondFactor) {
    orderNumber phase estimatedDeliveryAt
    events { phase place occurredAt photos { url } }
    packages { number boxNumber }
  }
}`;

/** The staff order feed each fan-out subscriber holds. */
export const ORDER_FEED = `subscription BenchOrderFeed { orderUpdated { cursor order { id number state stateChangedAt } } }`;

/** A request body as both servers receive it. */
export function requestBody(operationName: string, query: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ operationName, query, variables });
}
