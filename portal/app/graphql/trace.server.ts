import { graphql } from './generated';

/** Operations of the public traceability pages a QR code opens (no sign-in needed; issue 9). */

/** What a unit's page and an order's trace page show of a history checked against the chain. */
export const TraceVerificationFields = graphql(`
  fragment PortalTraceVerification on TraceVerification {
    status chainId chainError checkedAt bundlePath
    anchoring { state pendingEvents lastErrorAt nextAttemptAt }
    events {
      seq kind occurredAt place note actor status hashMatches proofValid onChain hash
      anchor { txHash blockNumber chainId contractAddress root confirmedAt }
    }
  }
`);

/** Counts this open of the unit's page (once per visitor connection and hour) and answers its scans and claim. */
export const RecordUnitScan = graphql(`
  mutation PortalRecordUnitScan($unit: String!) {
    recordUnitScan(unit: $unit) { scans }
  }
`);

export const UnitTraceQuery = graphql(`
  query PortalUnitTrace($unit: String!) {
    traceUnit(unit: $unit) {
      unit { id code product sku lot producer description }
      label { issued link pngPath svgPath }
      scans { scans firstScanAt soldAt claimedAt claimedVia scansAfterClaim scansAfterClaimElsewhere }
      verification { ...PortalTraceVerification }
    }
  }
`);

export const OrderTraceQuery = graphql(`
  query PortalOrderTrace($token: String!) {
    orderTrace(token: $token) {
      orderNumber
      token
      label { issued link pngPath svgPath }
      verification { ...PortalTraceVerification }
    }
  }
`);

/** The buyer's claim: with the slip's code, or signed in as the customer it was sold to (sent with the session). */
export const ClaimUnit = graphql(`
  mutation PortalClaimUnit($input: ClaimUnitInput!) {
    claimUnit(input: $input) { claimedAt }
  }
`);
