import { isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { limitError } from './limits';

/**
 * One execution's deadline and the resolvers of it still pending, each settled with TIME_BUDGET_EXCEEDED if
 * the deadline passes first. Its timer runs only while some resolver is pending, so requests that finish
 * before their deadline leave no timer behind.
 */
interface Budget {
  deadline: number;
  timer?: NodeJS.Timeout;
  pending: Set<(error: Error) => void>;
}

/**
 * Gives every query and subscription event `budgetMs` of wall-clock time, over HTTP and WebSocket alike:
 * each field resolver checks the deadline before it runs (fields that only read a property have none), and a read still waiting (on the database, a lock)
 * when it passes is abandoned. Either way the field fails with TIME_BUDGET_EXCEEDED. Mutations are not cut
 * off, neither half-way nor in the fields of their answer (a client must learn what was written): the
 * database's own timeouts (`statementTimeout`, same bound) roll back their statements, so a mutation
 * answering TIME_BUDGET_EXCEEDED wrote nothing. The clock starts at the first field of the operation; each
 * event of a subscription starts it again. Wraps the resolvers of `schema` in place.
 */
export function applyTimeBudget(schema: GraphQLSchema, budgetMs: number): GraphQLSchema {
  // Keyed by the operation's context: one per HTTP request and per WebSocket operation.
  const budgets = new WeakMap<object, Budget>();
  const subscriptionType = schema.getSubscriptionType();

  const budgetFor = (context: object, info: GraphQLResolveInfo): Budget => {
    let budget = budgets.get(context);
    const newEvent = info.parentType === subscriptionType && info.path.prev === undefined;
    if (!budget || newEvent) {
      budget = { deadline: Date.now() + budgetMs, pending: new Set() };
      budgets.set(context, budget);
    }
    return budget;
  };

  const expire = (budget: Budget) => {
    budget.timer = undefined;
    const error = limitError('TIME_BUDGET_EXCEEDED', { budgetMs });
    for (const fail of budget.pending) fail(error);
    budget.pending.clear();
  };

  /**
   * `result`, or TIME_BUDGET_EXCEEDED once the deadline passes first; the timer stops when nothing is pending.
   * One promise per pending resolver (and its `then`): this runs for every field that waits, of every row.
   */
  const race = (budget: Budget, result: Promise<unknown>): Promise<unknown> =>
    new Promise((resolve, reject) => {
      budget.pending.add(reject);
      budget.timer ??= setTimeout(expire, Math.max(0, budget.deadline - Date.now()), budget).unref();
      const settled = () => {
        budget.pending.delete(reject);
        if (budget.pending.size === 0 && budget.timer) {
          clearTimeout(budget.timer);
          budget.timer = undefined;
        }
      };
      result.then(
        (value) => {
          settled();
          resolve(value);
        },
        (error: unknown) => {
          settled();
          reject(error);
        },
      );
    });

  const wrap = (resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> =>
    function budgeted(source, args, context, info) {
      if (typeof context !== 'object' || context === null || info.operation.operation === 'mutation') return resolve(source, args, context, info);
      const budget = budgetFor(context, info);
      if (Date.now() > budget.deadline) throw limitError('TIME_BUDGET_EXCEEDED', { budgetMs });
      const result = resolve(source, args, context, info);
      if (!(result instanceof Promise)) return result;
      return race(budget, result);
    };

  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    // A field without a resolver reads a property of a value already fetched (plain-fields.ts): nothing to wait on.
    for (const field of Object.values(type.getFields())) if (field.resolve) field.resolve = wrap(field.resolve);
  }
  return schema;
}
