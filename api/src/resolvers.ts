import type { NonEmptyArray } from 'type-graphql';

/** Every resolver class of the schema; each module adds its own here. */
export const resolvers: NonEmptyArray<Function> = [
] as unknown as NonEmptyArray<Function>;
