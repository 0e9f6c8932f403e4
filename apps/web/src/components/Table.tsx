import type { ReactNode } from "react";

/** A focusable, labelled region lets keyboard users scroll a wide table sideways on small screens. */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}

/** A column: its header, or the header of a numeric column (aligned right, like its cells). */
export type Column = ReactNode | { numeric: ReactNode };

/** A table's header row, one column header per entry. */
export function TableHead({ columns }: { columns: Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) =>
          column !== null && typeof column === "object" && "numeric" in column ? (
            <th key={index} scope="col" className="numeric">
              {column.numeric}
            </th>
          ) : (
            <th key={index} scope="col">
              {column}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
