import { graphql } from './generated';

/** Quote operations of the portal: new request, my requests, one request with its quote, and the answers. */

export const NewQuoteRequestPage = graphql(`
  query PortalNewQuoteRequestPage {
    myQuoteAllowance { applies limit used remaining resetsAt }
  }
`);

export const CreatePurchaseRequest = graphql(`
  mutation PortalCreatePurchaseRequest($input: CreatePurchaseRequestInput!) {
    createPurchaseRequest(input: $input) { id }
  }
`);

export const MyPurchaseRequests = graphql(`
  query PortalMyPurchaseRequests($after: String) {
    myPurchaseRequests(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number state description quantity createdAt stateChangedAt responseDeadline } }
    }
    myQuoteAllowance { applies limit used remaining resetsAt }
  }
`);

export const PurchaseRequestPage = graphql(`
  query PortalPurchaseRequest($id: ID!) {
    purchaseRequest(id: $id) {
      id number state createdAt description productUrl quantity specifications purchaseType shippingMethods nationalDelivery
      round modificationsUsed responseDeadline quotedAt lastCustomerNote nextStates
      lengthCm widthCm heightCm weightKg
      photos { id }
      events { id at fromState toState actorName note }
      options {
        id shippingMethod actualWeightKg volumetricWeightKg chargeableWeightKg volumeCubicMeters chargeableBasis
        productAndServiceMinor freightMinor nationalDeliveryMinor totalUsdMinor totalVesMinor vesPerUsd estimatedDeliveryAt
      }
      order { id number }
    }
    myQuoteAllowance { modificationLimit usdPaymentDiscount }
  }
`);

export const AcceptQuoteOption = graphql(`
  mutation PortalAcceptQuoteOption($optionId: ID!) {
    acceptQuoteOption(optionId: $optionId) { id number }
  }
`);

export const RequestQuoteModification = graphql(`
  mutation PortalRequestQuoteModification($requestId: ID!, $note: String!) {
    requestQuoteModification(requestId: $requestId, note: $note) { id state }
  }
`);

export const RejectQuote = graphql(`
  mutation PortalRejectQuote($requestId: ID!, $reason: String!) {
    rejectQuote(requestId: $requestId, reason: $reason) { id state }
  }
`);
