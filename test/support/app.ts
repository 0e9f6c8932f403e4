import { createTestDb, type TestDatabase } from "@taller/db/testing";
import { organizations, users } from "@taller/db";
import { createApp } from "@taller/server";
import { appDeps, type AppDeps } from "@taller/server/deps";
import { loadConfig, type Config } from "@taller/server/config";
import { hashPassword } from "@taller/server/password";

/**
 * An in-process Taller app on a database of its own, driven through `app.request` (no port).
 * Users are inserted with one precomputed scrypt hash so that factories stay fast; logins still
 * verify at full cost.
 */
export const TEST_PASSWORD = "contraseña-de-prueba-1";
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
  const appDependencies = appDeps({ db: database.db, dbKind: database.kind, config, ...deps });
  return { app: createApp(appDependencies), database, deps: appDependencies, config, close: async () => {
    await appDependencies.realtime.close();
    await database.close();
  } };
}

export async function makeOrg(t: TestApp, shortName: string, name = `Dirección ${shortName}`) {
  const [org] = await t.database.db.insert(organizations).values({ name, shortName }).returning();
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

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
}

/** A signed-in (or anonymous) API caller with its own cookie. */
export class ApiClient {
  cookie: string | null = null;
  constructor(private readonly t: TestApp) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)["content-type"] ??= "application/json";
    }
    if (this.cookie) (init.headers as Record<string, string>).cookie = this.cookie;
    const res = await this.t.app.request(path, init);
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0]!;
      this.cookie = pair.endsWith("=") ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get(path: string) {
    return this.request("GET", path);
  }
  post(path: string, body?: unknown) {
    return this.request("POST", path, body ?? {});
  }
  patch(path: string, body: unknown) {
    return this.request("PATCH", path, body);
  }
  delete(path: string) {
    return this.request("DELETE", path);
  }

  async login(email: string, password = TEST_PASSWORD): Promise<ApiResponse> {
    return this.post("/api/auth/login", { email, password });
  }
}

/** Logs a new client in and fails loudly if that does not work. */
export async function signedIn(t: TestApp, email: string, password = TEST_PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(t);
  const res = await client.login(email, password);
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}
