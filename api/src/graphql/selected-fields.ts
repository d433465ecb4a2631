import { getNamedType, isObjectType, type FieldNode, type GraphQLOutputType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** A selection as a resolver sees it: the field's nodes (one per occurrence of its response key), its type and the document's fragments. */
type SelectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'returnType'>;

/**
 * The field nodes selected directly under `nodes`, through fragments and inline fragments too. A field under
 * `@skip`/`@include` counts as selected: at worst something is read that is not sent.
 */
function childNodes(nodes: readonly FieldNode[], fragments: GraphQLResolveInfo['fragments']): FieldNode[] {
  const found: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') found.push(selection);
      else if (selection.kind === 'InlineFragment') visit(selection.selectionSet);
      else visit(fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of nodes) visit(node.selectionSet);
  return found;
}

/**
 * The properties that the fields selected under the field being resolved read from each of its objects (a
 * list's elements): their names, when every one resolves by reading its own property (plain-fields.ts took
 * its resolver away); null when any has a resolver, which may read any property, or the type is abstract.
 * For reads that fetch only the columns asked for (RowMapper.only). `__typename` reads nothing.
 */
export function selectedProperties(info: SelectionInfo): ReadonlySet<string> | null {
  // The same nodes give the same answer: graphql-js and graphql-jit hand a field's resolver one array per query field.
  const known = propertiesByNodes.get(info.fieldNodes);
  if (known !== undefined) return known;
  const found = propertiesOf(info);
  propertiesByNodes.set(info.fieldNodes, found);
  return found;
}

const propertiesByNodes = new WeakMap<readonly FieldNode[], ReadonlySet<string> | null>();

function propertiesOf(info: SelectionInfo): ReadonlySet<string> | null {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return null;
  const fields = type.getFields();
  const names = new Set<string>();
  for (const node of childNodes(info.fieldNodes, info.fragments)) {
    const name = node.name.value;
    if (name.startsWith('__')) continue;
    if (!fields[name] || fields[name].resolve) return null;
    names.add(name);
  }
  return names;
}

/**
 * `info` for the child field `name` as its own resolver will see it (its nodes under every occurrence, and
 * its type), for a parent that reads its children's data ahead of them; null when `name` is not selected.
 */
export function childSelection(info: SelectionInfo, name: string): SelectionInfo | null {
  // Cached per query field, so the child's nodes are one array per query and selectedProperties' cache holds.
  let children = childrenByNodes.get(info.fieldNodes);
  if (!children) childrenByNodes.set(info.fieldNodes, (children = new Map()));
  let child = children.get(name);
  if (child === undefined) children.set(name, (child = childOf(info, name)));
  return child;
}

const childrenByNodes = new WeakMap<readonly FieldNode[], Map<string, SelectionInfo | null>>();

function childOf(info: SelectionInfo, name: string): SelectionInfo | null {
  const parent = getNamedType(info.returnType);
  if (!isObjectType(parent) || !parent.getFields()[name]) return null;
  const fieldNodes = childNodes(info.fieldNodes, info.fragments).filter((node) => node.name.value === name);
  if (fieldNodes.length === 0) return null;
  const returnType: GraphQLOutputType = parent.getFields()[name]!.type;
  return { fieldNodes, fragments: info.fragments, returnType };
}
