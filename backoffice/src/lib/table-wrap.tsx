import type { ReactNode } from 'react';

/** A table that scrolls sideways on narrow screens: a labelled region keyboard users can focus and scroll. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A header cell: its text, and whether the column holds numbers (right-aligned); null or false leaves it out. */
export type Column = string | { text: string; num: true } | null | false;

/**
 * A list's table: scrolls sideways on narrow screens, captioned (for screen readers) with `label`, one header
 * cell per column; `children` are the body rows, whose cells follow the same columns.
 */
export function DataTable({ label, columns, children }: { label: string; columns: readonly Column[]; children: ReactNode }) {
  return (
    <TableWrap label={label}>
      <table className="list">
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            {columns.map((column, i) =>
              !column ? null : typeof column === 'string' ? (
                <th key={i} scope="col">
                  {column}
                </th>
              ) : (
                <th key={i} scope="col" className="num">
                  {column.text}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableWrap>
  );
}
