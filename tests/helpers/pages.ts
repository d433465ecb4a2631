/** One page of a connection, as the list queries answer it. */
export interface Page<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: N }[];
}

/**
 * Every node of a paginated list, following `endCursor` from the first page until `hasNextPage` is false, so a
 * test can compare it with the same list read in one page.
 */
export async function allPages<N>(fetchPage: (after: string | null) => Promise<Page<N>>): Promise<N[]> {
  const nodes: N[] = [];
  let after: string | null = null;
  // A list that kept answering hasNextPage would loop forever: 200 pages is far beyond any test's data.
  for (let pages = 0; pages < 200; pages += 1) {
    const page = await fetchPage(after);
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return nodes;
    after = page.pageInfo.endCursor;
  }
  throw new Error('the list never ended');
}
