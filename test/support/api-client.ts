/**
 * The one HTTP caller of the tests: it keeps its session cookie the way a browser does, and talks
 * either to an in-process app (`app.request`, no port) or to a base URL over real HTTP. Over HTTP
 * it sends the Origin a page of that site would send, so the server's origin check sees what it
 * sees from browsers; in process it sends none, like a non-browser client.
 */
export const TEST_PASSWORD = "contraseña-de-prueba-1";

/** An in-process app (the test app's Hono instance), or the base URL of a running server. */
export type ApiTarget = string | { app: { request(path: string, init: RequestInit): Response | Promise<Response> } };

export interface ApiResponse<T = any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  status: number;
  headers: Headers;
  body: T;
}

// Captured before any test stubs the global fetch with a client's own `fetch`.
const networkFetch = globalThis.fetch;

export class ApiClient {
  /** `name=value` of the session cookie; empty when signed out. */
  cookie = "";
  constructor(readonly target: ApiTarget) {}

  /**
   * `fetch` as a browser tab on the target would do it: a relative URL resolves against the
   * target, the session cookie goes along and a Set-Cookie answer replaces (or clears) it.
   */
  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (this.cookie && !headers.has("cookie")) headers.set("cookie", this.cookie);
    let res: Response;
    if (typeof this.target === "string") {
      if (!headers.has("origin")) headers.set("origin", new URL(this.target).origin);
      res = await networkFetch(new URL(String(input), this.target), { ...init, headers });
    } else {
      res = await this.target.app.request(String(input), { ...init, headers });
    }
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) {
      const pair = setCookie.split(";")[0]!;
      this.cookie = pair.endsWith("=") || /max-age=0/i.test(setCookie) ? "" : pair;
    }
    return res;
  };

  /**
   * One API call. An object body is sent as JSON; a string or bytes go as they are (with the
   * content type given in `headers`, JSON by default). The answer's body is parsed when the
   * server says it is JSON, read as text otherwise, and null when empty.
   */
  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const init: RequestInit & { headers: Record<string, string> } = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" || body instanceof Uint8Array ? (body as RequestInit["body"]) : JSON.stringify(body);
      init.headers["content-type"] ??= "application/json";
    }
    const res = await this.fetch(path, init);
    const text = await res.text();
    const parsed = !text ? null : res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = any>(path: string) { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>("GET", path);
  }
  post<T = any>(path: string, body: unknown = {}) { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>("POST", path, body);
  }
  patch<T = any>(path: string, body: unknown) { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>("PATCH", path, body);
  }
  delete<T = any>(path: string) { // eslint-disable-line @typescript-eslint/no-explicit-any
    return this.request<T>("DELETE", path);
  }

  login(email: string, password = TEST_PASSWORD): Promise<ApiResponse> {
    return this.post("/api/auth/login", { email, password });
  }

  /** A client with the cookies of a browser context (e.g. playwright's `context.cookies()`). */
  static withCookies(target: ApiTarget, cookies: readonly { name: string; value: string }[]): ApiClient {
    const client = new ApiClient(target);
    client.cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    return client;
  }
}

/** A new client signed in as `email`; fails loudly if the login does not work. */
export async function signedIn(target: ApiTarget, email: string, password = TEST_PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(target);
  const res = await client.login(email, password);
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}

let made = 0;

/**
 * An organization the admin creates (POST /api/orgs), its short name unique on this server. Its
 * people may propose projects (`createsProjects`, off for real new agencies) unless told otherwise:
 * the tests' people create projects.
 */
export async function addOrg(admin: ApiClient, name: string, shortNamePrefix: string, createsProjects = true): Promise<{ id: string; shortName: string }> {
  const shortName = `${shortNamePrefix}${Date.now() % 100_000}${made++}`;
  const res = await admin.post<{ id: string }>("/api/orgs", { name, shortName, createsProjects });
  if (res.status !== 201) throw new Error(`create org: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, shortName };
}

/** A person the admin adds to `orgId` (POST /api/users) with a fresh email; sign in with `signedIn`. */
export async function addPerson(admin: ApiClient, orgId: string, name: string, password = TEST_PASSWORD): Promise<{ id: string; email: string }> {
  const email = `persona.${Date.now() % 100_000}.${made++}@ejemplo.mx`;
  const res = await admin.post<{ id: string }>("/api/users", { email, name, password, orgId });
  if (res.status !== 201) throw new Error(`create user: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, email };
}
