import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context, Principal } from '../context';
import { Loaders } from '../shared/loaders';

/** What one execution for a group gave: the result, and whether it read who the subscriber is (then it is theirs alone). */
export interface GroupResult {
  result: ExecutionResult;
  personal: boolean;
}

/**
 * Subscriptions whose events are resolved once per group of alike subscribers rather than once each. For one
 * event, subscribers with the same document, operation name and variables and the same visibility — the
 * customer they are (or none) and the exact permission set, the only parts of the principal that
 * `authChecker`'s field rules and the payload resolvers read besides identity — share one execution: one
 * EntityManager fork and one set of DataLoaders, and the same result object is sent to each.
 *
 * Whether a subscriber may hear the event at all is still decided per subscriber (`eventStream`'s `allowed`,
 * `matches`, `visible`, with their own principal read for the event). Should an execution read the principal's
 * identity (`user`, `sessionId`: an `Owner` rule on a User, a resolver naming the caller), its result is not
 * shared: every other member of the group executes for itself.
 */
export class FanoutExecutor {
  /**
   * Executions under way or just finished, by event cursor + visibility, then by operation (document, name,
   * variables); kept for one turn after. The operation key is one string per subscription, so its hash is
   * computed once, not for every event.
   */
  private readonly shared = new Map<string, Map<string, Promise<GroupResult>>>();
  private readonly texts = new WeakMap<DocumentNode, string>();
  private readonly visibilityKeys = new WeakMap<ReadonlySet<string>, string>();
  /** graphql-ws's `subscribe`: the source stream as graphql-js builds it, each event executed through its group. */
  async subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!isAsyncIterable(source)) return source;
    const operation = this.operationOf(args);
    return mapAsyncIterable(source, (event) => this.executeFor(args, operation, event));
  }

  /** The operation's key: document, operation name and variables (one string per subscription, hashed once). */
  operationOf(args: ExecutionArgs): string {
    return `${this.textOf(args.document)}\0${args.operationName ?? ''}\0${stableJson(args.variableValues ?? {})}`;
  }

  private async executeFor(args: ExecutionArgs, operation: string, event: unknown): Promise<ExecutionResult> {
    const ctx = args.contextValue as Context;
    const cursor = (event as { cursor?: unknown } | null)?.cursor;
    // `eventStream` set the subscriber's principal as read for this event; anything else executes alone.
    if (typeof cursor !== 'string' || !ctx.principal) return this.executeAlone(args, event);
    const key = `${cursor}\0${this.visibilityOf(ctx.principal)}`;
    let groups = this.shared.get(key);
    const running = groups?.get(operation);
    if (running) {
      const group = await running;
      return group.personal ? this.executeAlone(args, event) : group.result;
    }
    if (!groups) this.shared.set(key, (groups = new Map()));
    const execution = this.executeForGroup(args, ctx.principal, event);
    groups.set(operation, execution);
    // Members arrive within the turns the event takes to reach them; later ones (a lagging subscriber) read afresh.
    const forget = () =>
      void setImmediate(() => {
        groups.delete(operation);
        if (groups.size === 0 && this.shared.get(key) === groups) this.shared.delete(key);
      });
    execution.then(forget, forget);
    return (await execution).result;
  }

  /**
   * Executes `args` for `event` as any subscriber with `principal`'s visibility would: in a fresh fork with its own
   * DataLoaders; `personal` when the execution read who the subscriber is (then the result is theirs alone).
   */
  async executeForGroup(args: ExecutionArgs, principal: Principal, event: unknown): Promise<GroupResult> {
    const ctx = args.contextValue as Context;
    const em = ctx.app.orm.em.fork();
    let personal = false;
    const seen: Principal = {
      get user() {
        personal = true;
        return principal.user;
      },
      get sessionId() {
        personal = true;
        return principal.sessionId;
      },
      customerId: principal.customerId,
      permissions: principal.permissions,
    };
    const result = await execute({ ...args, rootValue: event, contextValue: { ...ctx, principal: seen, em, loaders: new Loaders(em) } satisfies Context });
    return { result, personal };
  }

  /** Executes `args` for `event` in the subscriber's own context. */
  async executeAlone(args: ExecutionArgs, event: unknown): Promise<ExecutionResult> {
    return execute({ ...args, rootValue: event });
  }

  /** What, of a principal, decides what an execution may show: the customer it is (or none) and its exact permissions. */
  visibilityOf(principal: Principal): string {
    return `${principal.customerId ?? ''}\0${this.permissionsKeyOf(principal.permissions)}`;
  }

  /** A permission set as text, the same string object for the same set object. */
  permissionsKeyOf(permissions: ReadonlySet<string>): string {
    let key = this.visibilityKeys.get(permissions);
    if (key === undefined) this.visibilityKeys.set(permissions, (key = [...permissions].sort().join(',')));
    return key;
  }

  private textOf(document: DocumentNode): string {
    let text = this.texts.get(document);
    if (text === undefined) this.texts.set(document, (text = print(document)));
    return text;
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** JSON with object keys sorted, so equal variables give equal text whatever order the client wrote them in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * `iterable` with `map` applied to each value, as graphql-js maps a subscription's source stream: `return()`
 * reaches the source at once (even while it waits for its next event), and a failed `map` closes the source.
 */
function mapAsyncIterable<T, U>(iterable: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncGenerator<U, void, void> {
  const iterator = iterable[Symbol.asyncIterator]();
  const mapResult = async (result: IteratorResult<T>): Promise<IteratorResult<U, void>> => {
    if (result.done) return { value: undefined, done: true };
    try {
      return { value: await map(result.value), done: false };
    } catch (error) {
      await iterator.return?.().catch(() => undefined);
      throw error;
    }
  };
  const mapped: AsyncGenerator<U, void, void> = {
    next: () => iterator.next().then(mapResult),
    return: async () => (iterator.return ? mapResult(await iterator.return()) : { value: undefined, done: true }),
    throw: async (error: unknown) => {
      if (iterator.throw) return mapResult(await iterator.throw(error));
      throw error;
    },
    [Symbol.asyncIterator]: () => mapped,
  };
  return mapped;
}
