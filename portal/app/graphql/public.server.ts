import { graphql } from './generated';

/** Operations of the portal's public pages (no sign-in needed): order tracking and the support page. */

export const PublicTracking = graphql(`
  query PortalPublicTracking($number: String!, $secondFactor: String!) {
    publicTracking(number: $number, secondFactor: $secondFactor) {
      orderNumber
      phase
      estimatedDeliveryAt
      events { phase place occurredAt photos { url } }
      packages { number boxNumber }
    }
  }
`);

/** The customer code shown on the support page to a signed-in customer. */
export const SupportCustomerCode = graphql(`
  query PortalSupportCustomerCode {
    myCustomer { code }
  }
`);
