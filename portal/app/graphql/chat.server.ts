import { graphql } from './generated';

/**
 * Support chat operations of the portal (issue 10): the floating panel's state (the customer's latest chat,
 * its last messages, whether an agent is online, unread count) and what the customer does in it.
 */

export const PortalChatState = graphql(`
  query PortalChatState($messages: Int!) {
    myChats(first: 1) {
      edges {
        node {
          id state agentName unansweredReason agentReadSeq unreadCount lastSeq
          messages(first: $messages) { pageInfo { hasNextPage } edges { node { id seq side body authorName createdAt attachments { id } } } }
        }
      }
    }
    chatAgentsOnline
    chatUnreadTotal
  }
`);

export const PortalOpenChat = graphql(`
  mutation PortalOpenChat($input: OpenChatInput!) {
    openChat(input: $input) { id }
  }
`);

export const PortalSendChatMessage = graphql(`
  mutation PortalSendChatMessage($id: ID!, $input: ChatMessageInput!) {
    sendChatMessage(conversationId: $id, input: $input) { id seq }
  }
`);

export const PortalMarkChatRead = graphql(`
  mutation PortalMarkChatRead($id: ID!, $seq: Int!) {
    markChatRead(conversationId: $id, seq: $seq) { id customerReadSeq }
  }
`);

export const PortalSetChatTyping = graphql(`
  mutation PortalSetChatTyping($id: ID!, $typing: Boolean!) {
    setChatTyping(conversationId: $id, typing: $typing)
  }
`);

export const PortalCloseChat = graphql(`
  mutation PortalCloseChat($id: ID!) {
    closeChat(conversationId: $id) { id state }
  }
`);
