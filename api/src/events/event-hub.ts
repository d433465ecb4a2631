import type { Topic } from './topics';

/** A committed event as the relay publishes it: `id` is its `domain_event` id, the subscription cursor. */
export interface PublishedEvent {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

type Listener = (event: PublishedEvent) => void;

/** In-process fan-out of committed events to this instance's open subscriptions; only the relay publishes. */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private attachedCount = 0;

  /** Listeners attached since boot: a subscription counts from the moment it can no longer miss an event. */
  get attached(): number {
    return this.attachedCount;
  }

  /** Listeners attached now (open subscriptions of this instance). */
  get listening(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  /** Calls `listener` for every event of `topic` published from now on; returns the unsubscribe function. */
  on(topic: Topic, listener: Listener): () => void {
    this.attachedCount += 1;
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => void set.delete(listener);
  }

  publish(event: PublishedEvent): void {
    for (const listener of this.listeners.get(event.topic) ?? []) listener(event);
  }
}
