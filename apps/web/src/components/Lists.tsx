// The parts of a card that lists fetched things (organizations, users, members, documents,
// projects): its title, the list's states, and the table it often is.
import type { ReactNode } from "react";
import { EmptyState, LoadingState } from "./States";

/** A card's title, with a short note after it (a count, a summary) once there is one. */
export function CardTitle({ id, note, children }: { id: string; note?: ReactNode; children: ReactNode }) {
  return (
    <h2 id={id} className="card-title">
      {children}
      {note ? <span className="card-title-note"> · {note}</span> : null}
    </h2>
  );
}

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

/** A fetched list as one of: its failure (when there is one to show), loading, empty, or the list. */
export function ListStates<T>({
  items,
  failure,
  loadingLabel,
  emptyTitle,
  emptyHint,
  children,
}: {
  items: T[] | undefined;
  failure: ReactNode;
  loadingLabel: string;
  emptyTitle: string;
  emptyHint?: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (failure) return failure;
  if (!items) return <LoadingState label={loadingLabel} />;
  if (items.length === 0) return <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>;
  return children(items);
}
