import { graphql } from './generated';

/**
 * Notification operations of the portal: the centre's page (list, in the page's language, and badge count)
 * and marking read.
 */

export const MyNotificationsPage = graphql(`
  query PortalMyNotifications($after: String, $unreadOnly: Boolean!, $language: Language!) {
    myNotifications(first: 20, after: $after, unreadOnly: $unreadOnly) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id kind title(language: $language) body(language: $language) data createdAt readAt } }
    }
    unreadNotificationCount
  }
`);

export const MarkNotificationsRead = graphql(`
  mutation PortalMarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);
