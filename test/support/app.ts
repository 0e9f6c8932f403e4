import { createTestDb, type TestDatabase } from "@taller/db/testing";
import { organizations, users } from "@taller/db";
import { createApp } from "@taller/server";
import { appDeps, type AppDeps } from "@taller/server/deps";
import { loadConfig, type Config } from "@taller/server/config";
import { hashPassword } from "@taller/server/password";
import { TEST_PASSWORD } from "./api-client";

/**
 * An in-process Taller app on a database of its own, driven through `app.request` (no port).
 * Users are inserted with one precomputed scrypt hash of TEST_PASSWORD so that factories stay
 * fast; logins still verify at full cost. Drive it with an ApiClient (./api-client).
 */
let passwordHash: Promise<string> | null = null;

export interface TestApp {
  app: ReturnType<typeof createApp>;
  database: TestDatabase;
  deps: AppDeps;
  config: Config;
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}, deps: Partial<AppDeps> = {}): Promise<TestApp> {
  const database = await createTestDb();
  const config = loadConfig({ DATA_DIR: "memory://", ...env });
  const appDependencies = appDeps({ db: database.db, dbKind: database.kind, config, listen: database.listen, ...deps });
  appDependencies.mailer?.start();
  return { app: createApp(appDependencies), database, deps: appDependencies, config, close: async () => {
    await appDependencies.realtime.close();
    await appDependencies.dueReminders.close();
    await appDependencies.mailer?.close();
    await appDependencies.hub.close();
    await database.close();
  } };
}

/**
 * An agency. Test agencies may propose projects (`createsProjects: true`, the opposite of a real
 * new agency) unless the test says otherwise: most tests have their people create projects, and
 * the rule itself is tested with `{ createsProjects: false }` (test/integration/project-creation).
 */
export async function makeOrg(t: TestApp, shortName: string, name = `Dirección ${shortName}`, options: { createsProjects?: boolean } = {}) {
  const [org] = await t.database.db
    .insert(organizations)
    .values({ name, shortName, createsProjects: options.createsProjects ?? true })
    .returning();
  return org!;
}

export async function makeUser(t: TestApp, input: { email: string; orgId: string; name?: string; isAdmin?: boolean }) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const [user] = await t.database.db
    .insert(users)
    .values({ email: input.email, name: input.name ?? input.email.split("@")[0]!, orgId: input.orgId, isAdmin: input.isAdmin ?? false, passwordHash: await passwordHash })
    .returning();
  return user!;
}
