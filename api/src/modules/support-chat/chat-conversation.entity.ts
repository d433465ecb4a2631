import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Customer } from '../identity/customer.entity';
import { User } from '../identity/user.entity';
import { ChatSide, ChatState, ChatUnansweredReason } from './chat.rules';

registerEnumType(ChatState, { name: 'ChatState', description: 'WAITING_AGENT → ACTIVE (an agent took it) → CLOSED.' });
registerEnumType(ChatSide, { name: 'ChatSide', description: 'Who wrote a chat message.' });
registerEnumType(ChatUnansweredReason, { name: 'ChatUnansweredReason', description: 'Why the customer was told nobody answers.' });

/** What a conversation is about, when the customer opened it from one of their requests or orders. */
export enum ChatSubjectType {
  PURCHASE_REQUEST = 'PURCHASE_REQUEST',
  ORDER = 'ORDER',
}
registerEnumType(ChatSubjectType, { name: 'ChatSubjectType', description: 'What a support chat is about.' });

/**
 * A support chat between one customer and the agents (issue 10). Messages are numbered per conversation
 * (`lastSeq`), so read marks and unread counts are plain numbers; every change takes the row lock.
 */
@ObjectType({ description: 'A support chat of one customer with the support agents.' })
@Entity()
@Index({ properties: ['state', 'createdAt'] })
@Index({ properties: ['customer', 'createdAt', 'id'] })
export class ChatConversation {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Customer)
  customer!: Customer;

  @Field(() => ChatState)
  @Enum({ items: () => ChatState, nativeEnumName: 'chat_state' })
  state: ChatState = ChatState.WAITING_AGENT;

  @Field(() => ChatSubjectType, { nullable: true, description: 'What it is about (null: a general question).' })
  @Enum({ items: () => ChatSubjectType, nativeEnumName: 'chat_subject_type', nullable: true })
  subjectType: ChatSubjectType | null = null;

  @Field(() => ID, { nullable: true, description: 'The request or order it is about.' })
  @Property({ type: 'uuid', nullable: true })
  subjectId: string | null = null;

  @Index()
  @ManyToOne(() => User, { nullable: true })
  agent: User | null = null;

  @Field(() => Int, { description: 'Number of the last message (messages are numbered 1, 2, … per conversation).' })
  @Property({ type: 'integer' })
  lastSeq: number = 0;

  @Field(() => Int, { description: 'Read receipt: number of the last message the customer has read.' })
  @Property({ type: 'integer' })
  customerReadSeq: number = 0;

  @Field(() => Int, { description: 'Read receipt: number of the last message the agents have read.' })
  @Property({ type: 'integer' })
  agentReadSeq: number = 0;

  /** Since when the customer waits for an agent's reply (their first message no agent answered yet); null when answered. */
  @Field(() => Date, { nullable: true, description: 'Since when the customer\'s last messages wait for an agent\'s reply (UTC); null when answered.' })
  @Property({ type: 'datetime', nullable: true })
  awaitingReplySince: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the customer was told nobody answers (CHAT_UNANSWERED fired, once per conversation).' })
  @Property({ type: 'datetime', nullable: true })
  unansweredAt: Date | null = null;

  @Field(() => ChatUnansweredReason, { nullable: true })
  @Enum({ items: () => ChatUnansweredReason, nativeEnumName: 'chat_unanswered_reason', nullable: true })
  unansweredReason: ChatUnansweredReason | null = null;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  takenAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  closedAt: Date | null = null;

  @Field()
  @Property({ type: 'datetime' })
  lastMessageAt: Date = new Date();
}
