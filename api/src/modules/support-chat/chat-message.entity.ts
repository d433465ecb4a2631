import { Collection, Entity, Enum, ManyToMany, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { Upload } from '../uploads/upload.entity';
import { ChatConversation } from './chat-conversation.entity';
import { ChatSide } from './chat.rules';

/** One chat line: text and/or images, numbered within its conversation. Never edited. */
@ObjectType({ description: 'A message of a support chat.' })
@Entity()
@Unique({ properties: ['conversation', 'seq'] })
export class ChatMessage {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => ChatConversation)
  conversation!: ChatConversation;

  @Field(() => Int, { description: 'Its number in the conversation (1, 2, …): read receipts and unread counts compare these.' })
  @Property({ type: 'integer' })
  seq!: number;

  @Field(() => ChatSide)
  @Enum({ items: () => ChatSide, nativeEnumName: 'chat_side' })
  side!: ChatSide;

  @ManyToOne(() => User)
  author!: User;

  @Field({ description: 'The text, up to 2,000 characters (may be empty when images are attached).' })
  @Property({ type: 'text' })
  body!: string;

  @ManyToMany(() => Upload, undefined, { pivotTable: 'chat_message_attachments' })
  attachments = new Collection<Upload>(this);

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
