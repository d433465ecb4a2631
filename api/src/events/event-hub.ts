import type { Topic } from './topics';

/** A committed event as the relay publishes it: `id` is its `domain_event` id, the subscription cursor. */
export interface PublishedEvent {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
}

type Listener = (event: PublishedEvent) => void;

/** A payload field and the value it must hold for an event to concern a listener (see `EventHub.on`). */
export interface EventKey {
  field: string;
  value: string;
}

/** The listeners of one topic: those that hear all its events, and those keyed by a payload field's value. */
interface TopicListeners {
  all: Set<Listener>;
  byField: Map<string, Map<string, Set<Listener>>>;
}

/**
 * In-process fan-out of committed events to this instance's open subscriptions; only the relay publishes. A
 * listener may name the payload field value it needs (a customer's own chats, one order): the hub then hands
 * it only those events, through an index, so an event costs its own subscribers, not every subscriber of the
 * topic (a thousand customers chatting at once would otherwise be a million filter calls a second).
 */
export class EventHub {
  private readonly topics = new Map<string, TopicListeners>();
  private attachedCount = 0;
  private listeningCount = 0;

  /** Listeners attached since boot: a subscription counts from the moment it can no longer miss an event. */
  get attached(): number {
    return this.attachedCount;
  }

  /** Listeners attached now (open subscriptions of this instance). */
  get listening(): number {
    return this.listeningCount;
  }

  /**
   * Calls `listener` for every event of `topic` published from now on — only those whose payload holds
   * `key.value` in `key.field` when `key` is given; returns the unsubscribe function.
   */
  on(topic: Topic, listener: Listener, key?: EventKey): () => void {
    this.attachedCount += 1;
    this.listeningCount += 1;
    let listeners = this.topics.get(topic);
    if (!listeners) this.topics.set(topic, (listeners = { all: new Set(), byField: new Map() }));
    let set = listeners.all;
    if (key) {
      let byValue = listeners.byField.get(key.field);
      if (!byValue) listeners.byField.set(key.field, (byValue = new Map()));
      set = byValue.get(key.value) ?? new Set();
      byValue.set(key.value, set);
    }
    set.add(listener);
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      this.listeningCount -= 1;
      set.delete(listener);
      // Only this set: after it emptied once, a newer set may hold the same value.
      const byValue = key && listeners.byField.get(key.field);
      if (byValue && set.size === 0 && byValue.get(key.value) === set) byValue.delete(key.value);
    };
  }

  publish(event: PublishedEvent): void {
    const listeners = this.topics.get(event.topic);
    if (!listeners) return;
    for (const listener of listeners.all) listener(event);
    for (const [field, byValue] of listeners.byField) {
      const value = event.payload[field];
      if (typeof value !== 'string') continue;
      for (const listener of byValue.get(value) ?? []) listener(event);
    }
  }
}
