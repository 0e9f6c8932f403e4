import type { ReactNode } from "react";

/** A card's title, with a short note after it (a count, a summary) once there is one. */
export function CardTitle({ id, note, children }: { id: string; note?: ReactNode; children: ReactNode }) {
  return (
    <h2 id={id} className="card-title">
      {children}
      {note ? <span className="card-title-note"> · {note}</span> : null}
    </h2>
  );
}
