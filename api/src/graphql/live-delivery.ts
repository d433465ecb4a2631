import { Repeater } from '@graphql-yoga/subscription';
import type { ExecutionArgs, ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { WebSocket } from 'ws';
import type { Context, Principal } from '../context';
import type { PublishedEvent } from '../events/event-hub';
import { MAX_EVENT_BACKLOG, type EventStreamOptions, type LiveChannel, type StreamedEvent } from '../events/event-stream';
import type { TopicPayloads } from '../events/topics';
import { DomainError } from '../shared/errors';
import type { FanoutExecutor } from './fanout';
import { WsSession } from './ws-session';

/** Bytes a subscriber's socket may hold unsent (a client that stopped reading) before its subscription ends as lagging. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

type AnyOptions = EventStreamOptions<keyof TopicPayloads>;

/** One live subscription of one socket. */
interface Subscriber {
  args: ExecutionArgs;
  ctx: Context;
  /** The signed-in connection it runs on: its principal is read again for every event. */
  session: WsSession;
  /** The graphql-ws operation key (document, name, variables): subscribers alike in it and in visibility share an execution. */
  operation: string;
  options: AnyOptions;
  socket: WebSocket;
  /** `{"id":"…","type":"next","payload":` — the start of every frame this subscription sends. */
  framePrefix: string;
  /** Events offered and not yet sent or dropped. */
  waiting: number;
  ended: boolean;
  /** Ends the subscription: normally (graphql-ws then sends `complete`) or with an error (graphql-ws sends `error`). */
  end(error?: unknown): void;
}

/** One event and the subscribers the hub handed it to, in the turn it was published. */
interface Batch {
  event: PublishedEvent;
  subscribers: Subscriber[];
}

/** Each subscriber and the whole `next` message it is sent (UTF-8 JSON). */
type Frames = [Subscriber, Buffer][];

/** ws options for a Buffer holding JSON text: a text frame, as graphql-ws sends. */
const TEXT_FRAME = { binary: false } as const;

/**
 * Live events delivered straight to WebSocket subscribers: per event, not per subscriber. The hub hands an
 * event to every matching subscriber in one synchronous turn; they are gathered, their principals read in
 * one batch (`PrincipalSource.principalAt`), `allowed` and `visible` checked for each, then alike subscribers
 * (`FanoutExecutor`'s groups) share one execution, its result is serialised once, and each socket is sent its
 * frame synchronously. The per-subscriber path (an async iterator per subscriber, driven by graphql-ws, each
 * result serialised again) cost more than the sending itself.
 *
 * Same rules as `eventStream`'s per-subscriber path: events reach a subscription in commit order (sends of
 * one topic's events leave in order, whatever order their reads finish in), each once; a principal that is gone ends the
 * subscription (its connection is being closed), one that lost `allowed` completes it; more than
 * MAX_EVENT_BACKLOG events waiting, or more than MAX_BUFFERED_BYTES unsent on the socket, end it with
 * SUBSCRIPTION_LAGGING. Results with errors are formatted per subscriber (their request id), as graphql-ws's
 * `onNext` does. Only live subscriptions come here; one resuming `after` a cursor replays through `eventStream`.
 */
export class LiveDelivery {
  private readonly batches = new Map<PublishedEvent, Batch>();
  /** Per topic, the sends of the events before: the next event's frames leave after them. */
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly fanout: FanoutExecutor,
    private readonly formatErrors: (errors: readonly GraphQLError[], requestId?: string) => GraphQLFormattedError[],
  ) {}

  /** The channel a subscription operation (`args`, graphql-ws id `id` on `socket` of `session`) attaches its event stream to. */
  channel(args: ExecutionArgs, operation: string, id: string, socket: WebSocket, session: WsSession): LiveChannel {
    return {
      attach: <T extends keyof TopicPayloads>(options: EventStreamOptions<T>) =>
        new Repeater<never>(async (_push, stop) => {
          const ctx = args.contextValue as Context;
          const subscriber: Subscriber = {
            args,
            ctx,
            session,
            operation,
            options: options as unknown as AnyOptions,
            socket,
            framePrefix: `{"id":${JSON.stringify(id)},"type":"next","payload":`,
            waiting: 0,
            ended: false,
            end: (error?: unknown) => {
              subscriber.ended = true;
              stop(error);
            },
          };
          const matches = options.matches;
          const off = ctx.app.hub.on(
            options.topic,
            (event) => {
              if (!subscriber.ended && (!matches || matches(event.payload as unknown as TopicPayloads[T]))) this.offer(event, subscriber);
            },
            options.key ?? undefined,
          );
          await stop;
          subscriber.ended = true;
          off();
        }),
    };
  }

  private offer(event: PublishedEvent, subscriber: Subscriber): void {
    if (subscriber.waiting >= MAX_EVENT_BACKLOG || subscriber.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      subscriber.end(new DomainError('SUBSCRIPTION_LAGGING', { maxBacklog: MAX_EVENT_BACKLOG }));
      return;
    }
    subscriber.waiting += 1;
    let batch = this.batches.get(event);
    if (!batch) {
      const started: Batch = (batch = { event, subscribers: [] });
      this.batches.set(event, started);
      // The hub offers an event to all its listeners in one synchronous loop: every subscriber has joined by then.
      queueMicrotask(() => {
        this.batches.delete(event);
        this.deliver(started);
      });
    }
    batch.subscribers.push(subscriber);
  }

  private deliver(batch: Batch): void {
    const { topic } = batch.event;
    const frames = this.framesFor(batch).catch((err: unknown) => {
      for (const subscriber of batch.subscribers) subscriber.end(err);
      return [] as Frames;
    });
    const tail = (this.tails.get(topic) ?? Promise.resolve())
      .then(() => frames)
      .then((ready) => {
        for (const [subscriber, frame] of ready) send(subscriber, frame);
        for (const subscriber of batch.subscribers) subscriber.waiting -= 1;
      });
    this.tails.set(topic, tail);
    void tail.then(() => {
      if (this.tails.get(topic) === tail) this.tails.delete(topic);
    });
  }

  /** Who hears the event, and the frame each is sent. */
  private async framesFor({ event, subscribers }: Batch): Promise<Frames> {
    const principals = await principalsOf(subscribers, event.id);
    // By operation, then customer, then permission set: keys that are the same string objects every event, so
    // grouping thousands of subscribers hashes nothing new.
    const groups = new Map<string, Map<string, Map<string, Subscriber[]>>>();
    const join = (subscriber: Subscriber, principal: Principal) => {
      let byCustomer = groups.get(subscriber.operation);
      if (!byCustomer) groups.set(subscriber.operation, (byCustomer = new Map()));
      const customer = principal.customerId ?? '';
      let byPermissions = byCustomer.get(customer);
      if (!byPermissions) byCustomer.set(customer, (byPermissions = new Map()));
      const permissions = this.fanout.permissionsKeyOf(principal.permissions);
      const group = byPermissions.get(permissions);
      if (group) group.push(subscriber);
      else byPermissions.set(permissions, [subscriber]);
    };
    const payload = event.payload as unknown as TopicPayloads[keyof TopicPayloads];
    const checks: Promise<void>[] = [];
    subscribers.forEach((subscriber, i) => {
      const principal = principals[i];
      if (subscriber.ended) return;
      if (!principal || !subscriber.options.allowed(principal)) return subscriber.end();
      subscriber.ctx.principal = principal;
      const visible = subscriber.options.visible(payload, principal, subscriber.ctx);
      if (visible === true) join(subscriber, principal);
      else if (visible !== false) checks.push(visible.then((yes) => void (yes && join(subscriber, principal))));
    });
    await Promise.all(checks);
    const root: StreamedEvent<unknown> = { cursor: event.id, payload };
    const frames: Frames = [];
    const executions: Promise<void>[] = [];
    for (const byCustomer of groups.values()) {
      for (const byPermissions of byCustomer.values()) {
        for (const members of byPermissions.values()) executions.push(this.executeGroup(members, root, frames));
      }
    }
    await Promise.all(executions);
    return frames;
  }

  /** Executes the event once for alike `members` and adds each one's frame to `frames` (alone for a personal result). */
  private async executeGroup(members: Subscriber[], root: StreamedEvent<unknown>, frames: Frames): Promise<void> {
    const [first] = members as [Subscriber, ...Subscriber[]];
    const { result, personal } = await this.fanout.executeForGroup(first.args, first.ctx.principal!, root);
    if (!personal && !result.errors) {
      // One frame per subscription id (clients number their subscriptions alike), not per subscriber.
      const payload = JSON.stringify(result);
      const byPrefix = new Map<string, Buffer>();
      for (const member of members) {
        let frame = byPrefix.get(member.framePrefix);
        if (!frame) byPrefix.set(member.framePrefix, (frame = Buffer.from(`${member.framePrefix}${payload}}`)));
        frames.push([member, frame]);
      }
      return;
    }
    frames.push([first, this.frame(result, first)]);
    for (const member of members.slice(1)) frames.push([member, this.frame(personal ? await this.fanout.executeAlone(member.args, root) : result, member)]);
  }

  private frame(result: ExecutionResult, subscriber: Subscriber): Buffer {
    const payload = result.errors ? { ...result, errors: this.formatErrors(result.errors, subscriber.ctx.requestId) } : result;
    return Buffer.from(`${subscriber.framePrefix}${JSON.stringify(payload)}}`);
  }
}

/** Each subscriber's principal for the event: its connection's, all connections' in one read (`WsSession.principalsAt`). */
async function principalsOf(subscribers: readonly Subscriber[], eventId: string): Promise<(Principal | null)[]> {
  const sessions = new Map<WsSession, number>();
  for (const { session } of subscribers) if (!sessions.has(session)) sessions.set(session, sessions.size);
  const read = await WsSession.principalsAt([...sessions.keys()], eventId);
  return subscribers.map(({ session }) => read[sessions.get(session)!] ?? null);
}

/** Writes `frame` to the subscriber's socket while both are open; a socket that throws ends its subscription alone. */
function send(subscriber: Subscriber, frame: Buffer): void {
  const { socket } = subscriber;
  if (subscriber.ended || socket.readyState !== socket.OPEN) return;
  try {
    socket.send(frame, TEXT_FRAME);
  } catch (err) {
    subscriber.end(err);
  }
}
