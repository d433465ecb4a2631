import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/postgresql';
import { User } from '../identity/user.entity';
import { ChatSide } from './chat.rules';

/**
 * When a user was last seen holding a live chat subscription (a heartbeat while it stays open), on any API
 * instance: agents online, and whether a customer is still in the chat.
 */
@Entity()
export class ChatPresence {
  @ManyToOne(() => User, { primary: true })
  user!: User;

  @Enum({ items: () => ChatSide, nativeEnumName: 'chat_side' })
  side!: ChatSide;

  @Property({ type: 'datetime' })
  seenAt!: Date;
}
