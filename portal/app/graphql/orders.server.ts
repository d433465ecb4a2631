import { graphql } from './generated';

/** Order operations of the portal: my orders, one order with everything its page shows, a payment, the survey. */

export const MyOrders = graphql(`
  query PortalMyOrders($after: String) {
    myOrders(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number state createdAt paymentDeadline totalUsdMinor outstandingUsdMinor request { description } } }
    }
  }
`);

export const OrderPage = graphql(`
  query PortalOrder($id: ID!) {
    order(id: $id) {
      id number state createdAt stateChangedAt shippingMethod nationalDelivery paymentDeadline
      totalUsdMinor totalVesMinor settledUsdMinor outstandingUsdMinor outstandingVesMinor usdPayableMinor usdPaymentDiscount vesPerUsd
      request { id number description quantity }
      payments { id method currency amountMinor reference state rejectionReason createdAt decidedAt proof { id } }
      packages { id number weightKg lengthCm widthCm heightCm repacked box { number } }
      trackingEvents { id phase place occurredAt photos { id } }
      survey { id submittedAt generalScore responseTimeScore qualityScore priceScore attentionScore recommendScore }
    }
  }
`);

export const SubmitPayment = graphql(`
  mutation PortalSubmitPayment($input: SubmitPaymentInput!) {
    submitPayment(input: $input) { id state }
  }
`);

export const SubmitSurvey = graphql(`
  mutation PortalSubmitSurvey($input: SubmitSurveyInput!) {
    submitSurvey(input: $input) { id submittedAt }
  }
`);
