import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { PublicOrderPhase } from './public-tracking.rules';

registerEnumType(PublicOrderPhase, {
  name: 'PublicOrderPhase',
  description: 'The phase of an order as the public tracking tells it: PROCESSING stands for every state before the supplier purchase (payment stays private).',
});

/**
 * What the public tracking answers is built from these plain types, never from the entities: no path leads from
 * them to amounts, payments, the customer, staff names or notes.
 */
@ObjectType({ description: 'A photo of a tracking milestone, readable without an account through a signed link.' })
export class PublicTrackingPhoto {
  @Field({ description: 'Path on the API\'s origin (/uploads/<id>?expires=…&signature=…), valid for one to two hours.' })
  url!: string;
}

@ObjectType({ description: 'A milestone of the public tracking: phase, place and time; no actor and no note.' })
export class PublicTrackingEvent {
  @Field(() => PublicOrderPhase)
  phase!: PublicOrderPhase;

  @Field({ description: 'Where it happened, e.g. "Almacén Guangzhou".' })
  place!: string;

  @Field({ description: 'When it happened (UTC).' })
  occurredAt!: Date;

  @Field(() => [PublicTrackingPhoto])
  photos!: PublicTrackingPhoto[];
}

@ObjectType({ description: 'A package of the order and the box it travels in, by their numbers only.' })
export class PublicTrackingPackage {
  @Field({ description: 'e.g. PK-2026-000031.' })
  number!: string;

  @Field(() => String, { nullable: true, description: 'e.g. BX-2026-000007, once packed.' })
  boxNumber!: string | null;
}

@ObjectType({ description: 'What a customer may share with family about one order: its number, phase, ETA, milestones and package numbers.' })
export class PublicOrderTracking {
  @Field({ description: 'Purchase-order number, e.g. PO-2026-000042.' })
  orderNumber!: string;

  @Field(() => PublicOrderPhase)
  phase!: PublicOrderPhase;

  @Field(() => Date, { nullable: true, description: 'Estimated delivery (UTC) of the accepted quote option; null once delivered or cancelled.' })
  estimatedDeliveryAt!: Date | null;

  @Field(() => [PublicTrackingEvent], { description: 'Milestones, oldest first.' })
  events!: PublicTrackingEvent[];

  @Field(() => [PublicTrackingPackage], { description: 'Packages, oldest first.' })
  packages!: PublicTrackingPackage[];
}
