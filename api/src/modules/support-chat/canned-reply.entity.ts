import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';

/** A prepared answer agents insert into a chat reply; kept by supervisors and the Master. */
@ObjectType({ description: 'A prepared chat answer for agents.' })
@Entity()
export class CannedReply {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'Short name agents pick it by (unique).' })
  @Property({ type: 'text', unique: true })
  title!: string;

  @Field()
  @Property({ type: 'text' })
  body!: string;

  @ManyToOne(() => User)
  updatedBy!: User;

  @Field()
  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
