/** The GraphQL documents the benchmark sends: ordinary screens, and the attacks of issue 5. */

/** The baseline: one order of the customer with its payments and tracking events. */
export const ORDER_WITH_PAYMENTS_AND_TRACKING = `
  query BenchOrder($id: ID!) {
    order(id: $id) {
      id number state totalUsdMinor settledUsdMinor outstandingUsdMinor paymentDeadline
      payments { id method currency amountMinor creditedUsdMinor reference state createdAt }
      trackingEvents { id phase place note occurredAt actorName }
    }
  }`;

/** The back-office order list (customer, payments, tracking events with photos): the heaviest screen. */
export const STAFF_ORDER_LIST = `
  query BenchStaffOrders($first: Int!) {
    orders(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id number state stateChangedAt createdAt paymentDeadline totalUsdMinor settledUsdMinor outstandingUsdMinor shippingMethod
          customer { id code fullName phone }
          payments { id method currency amountMinor state createdAt }
          trackingEvents { id phase place occurredAt photos { id } }
        }
      }
    }
  }`;

/** `order { payments { order { payments … } } }`, `levels` pairs deep (≈500 bytes at 20). */
export function deepOrder(levels: number): string {
  let inner = 'id';
  for (let i = 0; i < levels; i += 1) inner = `payments { order { ${inner} } }`;
  return `query Deep($id: ID!) { order(id: $id) { ${inner} } }`;
}

/** 2^levels objects from a small document: each fragment spreads the next one twice. */
export function fragmentFanOut(levels: number): string {
  const fragments = ['fragment F0 on Order { id number state }'];
  for (let i = 1; i <= levels; i += 1) fragments.push(`fragment F${i} on Order { a: request { order { ...F${i - 1} } } b: request { order { ...F${i - 1} } } }`);
  return `query FanOut($id: ID!) { order(id: $id) { ...F${levels} } }\n${fragments.join('\n')}`;
}

/** `count` short aliases of `me` in one small document. */
export function shortAliases(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `o${i}:me{id}`).join(' ')} }`;
}

/** Lists multiplied: 100 orders × payments × their order's payments × tracking events × photos. */
export const LIST_FAN_OUT =
  'query ListFanOut { orders(first: 100) { edges { node { payments { order { payments { order { trackingEvents { photos { id } } } } } } } } } }';

export const SIGN_IN = 'mutation BenchSignIn($input: SignInInput!) { signIn(input: $input) { accessToken } }';

export const NOTIFICATION_FEED = 'subscription BenchFeed { notificationReceived { cursor notification { id title } } }';

/** What the customer's order page reads: the baseline order plus its packages and their boxes. */
export const ORDER_WITH_PACKAGES = `
  query BenchOrderPage($id: ID!) {
    order(id: $id) {
      id number state totalUsdMinor settledUsdMinor outstandingUsdMinor outstandingVesMinor paymentDeadline
      payments { id method currency amountMinor creditedUsdMinor reference state createdAt }
      packages { id number weightKg lengthCm widthCm heightCm repacked box { id number } }
      trackingEvents { id phase place note occurredAt actorName }
    }
  }`;
