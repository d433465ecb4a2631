import { graphql } from '../graphql/generated';

/** Claims (issue 7): every workspace takes, releases and reassigns its items through these. */
export const ClaimWork = graphql(`
  mutation ClaimWork($subject: WorkSubjectInput!) { claimWork(subject: $subject) { subjectId heldBy { id displayName } heldSince } }
`);
export const ReleaseWork = graphql(`
  mutation ReleaseWork($subject: WorkSubjectInput!) { releaseWork(subject: $subject) }
`);
export const AssignWork = graphql(`
  mutation AssignWork($subject: WorkSubjectInput!, $userId: ID!) { assignWork(subject: $subject, userId: $userId) { subjectId heldBy { id displayName } heldSince } }
`);
