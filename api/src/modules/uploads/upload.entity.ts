import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { User } from '../identity/user.entity';

/** An image uploaded through `POST /uploads` (product photos, payment proofs, tracking photos). */
@ObjectType({ description: 'An uploaded image.' })
@Entity()
export class Upload {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Index()
  @ManyToOne(() => User)
  owner!: User;

  @Field()
  @Property({ type: 'text' })
  contentType!: string;

  @Field(() => Int, { description: 'Bytes.' })
  @Property({ type: 'integer' })
  size!: number;

  @Field()
  @Property({ type: 'text' })
  sha256!: string;

  /** File name inside the upload folder (or object key in S3-compatible storage). */
  @Property({ type: 'text' })
  storageKey!: string;

  @Field()
  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
