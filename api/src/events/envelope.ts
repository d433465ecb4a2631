import { Field, ObjectType, type ClassType } from 'type-graphql';

/** Description of every subscription's `after` argument. */
export const AFTER_CURSOR_DESCRIPTION =
  'Resume after this event: the `cursor` of the last event received. Stored events after it that pass the same filter are sent first, then live ones, none missed or repeated. EVENT_CURSOR_EXPIRED when it is older than the retention window: refetch, then subscribe without it.';

/**
 * The object type a subscription sends: the item as it is now under `field`, and the event's `cursor`.
 * e.g. `EventEnvelope(Order, 'OrderUpdate', 'order', …)` is `type OrderUpdate { cursor: String!, order: Order! }`.
 */
export function EventEnvelope<T extends object>(item: ClassType<T>, name: string, field: string, description: string) {
  @ObjectType(name, { description })
  class Envelope {
    @Field(() => String, { description: 'This event\'s position (opaque): pass it as `after` when subscribing again after a disconnect.' })
    cursor!: string;
  }
  Field(() => item, { description: 'The item as it is now (read when the event is sent).' })(Envelope.prototype, field);
  return Envelope;
}
