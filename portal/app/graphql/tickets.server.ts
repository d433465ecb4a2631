import { graphql } from './generated';

/** Support operations of the portal: my tickets, a new one, one ticket with its conversation, replies, reopening, the FAQ. */

export const MyTickets = graphql(`
  query PortalMyTickets($after: String) {
    myTickets(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id number subject state category createdAt lastActivityAt } }
    }
  }
`);

export const CreateMyTicket = graphql(`
  mutation PortalCreateMyTicket($input: CreateMyTicketInput!) {
    createMyTicket(input: $input) { id }
  }
`);

export const TicketPage = graphql(`
  query PortalTicket($id: ID!) {
    ticket(id: $id) {
      id number subject state category priority createdAt resolvedAt solution reopenableUntil
      interactions { id kind direction body authorName at }
      survey { id submittedAt }
    }
  }
`);

export const ReplyToMyTicket = graphql(`
  mutation PortalReplyToMyTicket($ticketId: ID!, $body: String!) { replyToMyTicket(ticketId: $ticketId, body: $body) { id } }
`);

export const ReopenMyTicket = graphql(`
  mutation PortalReopenMyTicket($ticketId: ID!, $body: String!) { reopenMyTicket(ticketId: $ticketId, body: $body) { id } }
`);

export const SubmitTicketSurvey = graphql(`
  mutation PortalSubmitTicketSurvey($input: SubmitSurveyInput!) { submitSurvey(input: $input) { id submittedAt } }
`);

export const PublicFaq = graphql(`
  query PortalFaq($search: String) { faq(search: $search) { id question answer category } }
`);

export const FaqSuggestions = graphql(`
  query PortalFaqSuggestions($text: String!) { faqSuggestions(text: $text) { id question answer } }
`);
