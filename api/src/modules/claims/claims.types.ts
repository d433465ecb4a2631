import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../identity/user.entity';
import { WorkSubjectType } from './claims.rules';

registerEnumType(WorkSubjectType, {
  name: 'WorkSubjectType',
  description: 'What staff claim: a quote request (sourcing, pricing), a customer payment (validation), an order (purchase, logistics).',
});

/** Which work item a claim is about. */
@InputType({ description: 'A work item: its type and id.' })
export class WorkSubjectInput {
  @Field(() => WorkSubjectType)
  type!: WorkSubjectType;

  @Field(() => ID, { description: 'The PurchaseRequest, Payment or Order id.' })
  id!: string;
}

/** Who holds a work item, since when, and until when without activity. */
@ObjectType('WorkClaim', { description: 'A staff member\'s claim on a work item: others are refused (ALREADY_CLAIMED) until it is released or lapses.' })
export class WorkClaimView {
  @Field(() => WorkSubjectType)
  subjectType!: WorkSubjectType;

  @Field(() => ID)
  subjectId!: string;

  @Field(() => User, { description: 'Who holds it.' })
  heldBy!: User;

  @Field({ description: 'Since when they hold it (UTC); kept when they claim again.' })
  heldSince!: Date;

  @Field({ description: 'Their last claim or change (UTC).' })
  lastActiveAt!: Date;

  @Field({ description: 'When the claim lapses without further activity (UTC): CLAIM_IDLE_MINUTES after lastActiveAt.' })
  expiresAt!: Date;
}
