/**
 * A state machine as data (STYLE "A state table", after Vendure's order process): for each state, the states
 * it may move to. A state with an empty `to` is final.
 */
export type Transitions<S extends string> = Record<S, { to: readonly S[] }>;

/** Whether `table` allows moving from `from` to `to`; the caller still runs the transition's guard. */
export function canTransition<S extends string>(table: Transitions<S>, from: S, to: S): boolean {
  return table[from].to.includes(to);
}

/** The states reachable from `from` in one step, so screens render only valid actions (STYLE "A state table"). */
export function nextStates<S extends string>(table: Transitions<S>, from: S): S[] {
  return [...table[from].to];
}
