import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Names of the fields selected directly under the field being resolved (through fragments and inline
 * fragments too), so a resolver can read in one statement what its children will ask for. A field under
 * `@skip`/`@include` counts as selected: at worst something is read that is not sent.
 */
export function selectedFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') names.add(selection.name.value);
      else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return names;
}
