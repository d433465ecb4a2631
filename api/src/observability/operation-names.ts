import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The codegen outputs of the first-party apps (made by `npm run build`), relative to the repository root. */
const FIRST_PARTY_DOCUMENTS = ['portal/app/graphql/generated/graphql.ts', 'portal/app/live/generated/graphql.ts', 'backoffice/src/graphql/generated/graphql.ts'];
/** An operation as the portal's string documents spell it, and as the back-office's DocumentNode JSON does. */
const STRING_OPERATION = /\b(?:query|mutation|subscription)\s+([A-Za-z_]\w*)\s*[({]/g;
const NODE_OPERATION = /"operation":"(?:query|mutation|subscription)","name":\{"kind":"Name","value":"([A-Za-z_]\w*)"/g;

/**
 * Names of the operations the portal and back-office send: the bounded set a metric may label an operation
 * with. A missing codegen output (never built) contributes nothing.
 */
export function firstPartyOperationNames(repoRoot: string): ReadonlySet<string> {
  const names = new Set<string>();
  for (const file of FIRST_PARTY_DOCUMENTS.map((path) => join(repoRoot, path))) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const pattern of [STRING_OPERATION, NODE_OPERATION]) for (const match of text.matchAll(pattern)) names.add(match[1]!);
  }
  return names;
}

/** The metric label of an operation name: itself when known, `anonymous` when absent, `other` otherwise. */
export function operationLabel(name: string | null | undefined, known: ReadonlySet<string>): string {
  if (!name) return 'anonymous';
  return known.has(name) ? name : 'other';
}
