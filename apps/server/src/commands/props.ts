import type { Actor } from "@taller/domain";
import type { Database } from "@taller/db";
import type { ProjectAccess } from "../queries/access";

/**
 * What every command takes: the database, who acts, the access the edge decided (the project
 * and the actor's role, for project commands) and the validated input.
 */
export interface CommandProps<Input, Access = ProjectAccess> {
  db: Database;
  actor: Actor;
  access: Access;
  input: Input;
}

/**
 * Commands outside any project (accounts, new projects). `actor` is null when the system acts
 * (the first administrator at start, the demo seed).
 */
export interface GlobalCommandProps<Input> {
  db: Database;
  actor: Actor | null;
  input: Input;
}
