import { describe, expectTypeOf, it } from "vitest";
import type { hc, InferResponseType } from "hono/client";
import type { GlobalAbilities, ProjectAbilities, ProjectRole } from "@taller/domain";
import type { ApiType } from "./api";

/**
 * The web app's typed client (`hc<ApiType>("/api")`) sees the server's real response shapes.
 * Checked by the type checker (`pnpm typecheck`); at run time these assertions do nothing.
 */
type Client = ReturnType<typeof hc<ApiType>>;

describe("ApiType", () => {
  it("gives project responses their role and abilities", () => {
    type Project = InferResponseType<Client["projects"][":id"]["$get"]>;
    expectTypeOf<Project>().not.toBeAny();
    expectTypeOf<Project["abilities"]>().toEqualTypeOf<ProjectAbilities>();
    expectTypeOf<Project["myRole"]>().toEqualTypeOf<ProjectRole | null>();
    type Listed = InferResponseType<Client["projects"]["$get"]>["projects"][number];
    expectTypeOf<Listed["abilities"]>().toEqualTypeOf<ProjectAbilities>();
    type Moved = InferResponseType<Client["projects"][":id"]["stage"]["$post"]>;
    expectTypeOf<Moved["abilities"]>().toEqualTypeOf<ProjectAbilities>();
    type Patched = InferResponseType<Client["projects"][":id"]["$patch"]>;
    expectTypeOf<Patched["abilities"]>().toEqualTypeOf<ProjectAbilities>();
  });

  it("gives an opened document its role and abilities, and the session user global abilities", () => {
    type OpenedDocument = InferResponseType<Client["documents"][":id"]["$get"]>;
    expectTypeOf<OpenedDocument["abilities"]>().toEqualTypeOf<ProjectAbilities>();
    expectTypeOf<OpenedDocument["title"]>().toEqualTypeOf<string>();
    type Me = InferResponseType<Client["auth"]["me"]["$get"]>["user"];
    expectTypeOf<Me["abilities"]>().toEqualTypeOf<GlobalAbilities>();
    type LoggedIn = InferResponseType<Client["auth"]["login"]["$post"]>["user"];
    expectTypeOf<LoggedIn["abilities"]>().toEqualTypeOf<GlobalAbilities>();
  });

  it("carries dates as the strings JSON makes of them, and members' emails only optionally", () => {
    type Member = InferResponseType<Client["projects"][":id"]["members"]["$get"]>["members"][number];
    expectTypeOf<Member["since"]>().toEqualTypeOf<string>();
    expectTypeOf<Member["org"]["shortName"]>().toEqualTypeOf<string>();
    // Only those who manage membership see emails.
    expectTypeOf<Member["email"]>().toEqualTypeOf<string | undefined>();
  });
});
