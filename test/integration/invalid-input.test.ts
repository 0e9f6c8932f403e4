import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { request as httpRequest } from "node:http";
import { STUDY_FIELD } from "@taller/editor-schema";
import { ApiClient } from "../support/api-client";
import { ADMIN, CollabTestServer, connectClient, eventually, setupProject, synced, type ProjectFixture } from "../support/realtime";

/**
 * Issue 9, case 12, against a real server process: NUL bytes and lone surrogates in any string
 * input answer 400 `invalid_characters` and change nothing (they were 500s that wrote the query
 * parameters, emails included, to the log); the Markdown export escapes the title and neither
 * export keeps `javascript:`/`data:`/`vbscript:` links; an early 413 says `Connection: close`.
 */
let server: CollabTestServer;
let fx: ProjectFixture;

beforeAll(async () => {
  server = await CollabTestServer.start();
  fx = await setupProject(server);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

function expectInvalid(res: { status: number; body: { error?: { code: string; message: string } } }) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error!.code).toBe("invalid_characters");
  expect(res.body.error!.message.length).toBeGreaterThan(5);
}

describe("invalid characters", () => {
  it("answers 400 invalid_characters for NUL and lone surrogates in bodies and query strings, and changes nothing", async () => {
    const projectsBefore = (await fx.owner.get("/api/projects")).body.projects.length;
    const docsBefore = (await fx.owner.get(`/api/projects/${fx.projectId}/documents`)).body.documents;
    const orgsBefore = (await fx.admin.get("/api/orgs")).body.orgs.length;

    const bad = ["Parque\u0000lineal", "Parque \ud800 lineal", "\udc00", "fin\ud83d"];
    for (const name of bad) {
      expectInvalid(await fx.owner.post("/api/projects", { name, kind: "study" }));
      expectInvalid(await fx.owner.post("/api/projects", { name: "Bien", kind: "study", description: name }));
      expectInvalid(await fx.owner.post(`/api/projects/${fx.projectId}/documents`, { kind: "text", title: name }));
      expectInvalid(await fx.owner.patch(`/api/documents/${fx.text.id}`, { title: name }));
      expectInvalid(await fx.admin.post("/api/orgs", { name, shortName: "NUL" }));
      // A key that is not well formed is refused too, before the schema could call it unknown.
      expectInvalid(await fx.owner.patch(`/api/projects/${fx.projectId}`, { [name]: "x" }));
    }
    // However deep the NUL hides (JSON.parse accepts any depth), the answer is a 400, not a 500.
    const deep = `{"name":"Parque","kind":"study","description":${"[".repeat(100_000)}"x\\u0000"${"]".repeat(100_000)}}`;
    expectInvalid(await fx.owner.post("/api/projects", deep));
    // Query strings: filters and the people directory.
    expectInvalid(await fx.owner.get("/api/projects?text=Parque%00"));
    expectInvalid(await fx.owner.get("/api/people?q=%00"));
    expectInvalid(await fx.owner.get(`/api/projects/${fx.projectId}/activity?limit=5%00`));

    expect((await fx.owner.get("/api/projects")).body.projects.length).toBe(projectsBefore);
    expect((await fx.owner.get(`/api/projects/${fx.projectId}/documents`)).body.documents).toEqual(docsBefore);
    expect((await fx.admin.get("/api/orgs")).body.orgs.length).toBe(orgsBefore);
    // Well-formed text beyond the BMP is fine.
    expect((await fx.owner.post("/api/projects", { name: "Parque 🌳 lineal", kind: "study" })).status).toBe(201);
  });

  it("answers a login with a NUL or a lone surrogate in the email with 400, and logs no email", async () => {
    const anonymous = new ApiClient(server.url);
    for (const email of [`${ADMIN.email}\u0000`, `\ud800${ADMIN.email}`, "persona\u0000secreta@ejemplo.mx"]) {
      expectInvalid(await anonymous.post("/api/auth/login", { email, password: ADMIN.password }));
    }
    expect(anonymous.cookie).toBe("");
    // A NUL in the password is refused the same way (and never reaches scrypt).
    expectInvalid(await anonymous.post("/api/auth/login", { email: ADMIN.email, password: "contra\u0000seña-larga" }));
    const output = server.server.output();
    expect(output).not.toContain("persona");
    expect(output).not.toContain(ADMIN.email.split("@")[0]!.concat("\u0000"));
    expect(output).not.toMatch(/internal|failed/i);
  });
});

describe("exports", () => {
  it("escapes the Markdown title and drops javascript:, data: and vbscript: links from both exports", async () => {
    const title = "# Plan](javascript:alert(1)) <img src=x onerror=alert(2)> *urgente*\nsegunda línea";
    const created = await fx.owner.post(`/api/projects/${fx.projectId}/documents`, { kind: "text", title });
    expect(created.status).toBe(201);

    const doc = new Y.Doc();
    const provider = connectClient(server, created.body.collabName, fx.editor, { doc });
    await synced(provider);
    const links: [string, string][] = [
      ["malo1", "javascript:alert(1)"],
      ["malo2", " JaVaScRiPt:alert(2)"],
      ["malo3", "java\tscript:alert(3)"],
      ["malo4", "data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg=="],
      ["malo5", "vbscript:msgbox(5)"],
      ["malo6", "javascript&colon;alert(6)"],
      ["bueno1", "https://implan.gob.mx/plan"],
      ["bueno2", "mailto:oficina@implan.gob.mx"],
      ["bueno3", "tel:+526561234567"],
      ["bueno4", "/projects/abc"],
      ["bueno5", "#objetivos"],
      ["rompe", "https://ejemplo.mx/a) [x](javascript:alert(7)"],
    ];
    doc.transact(() => {
      const paragraph = new Y.XmlElement("paragraph");
      const text = new Y.XmlText();
      let at = 0;
      for (const [label, href] of links) {
        text.insert(at, `${label} `, { link: { href, target: "_blank", rel: "noopener noreferrer nofollow", class: null } });
        at += label.length + 1;
      }
      paragraph.insert(0, [text]);
      const fragment = doc.getXmlFragment(STUDY_FIELD);
      fragment.insert(fragment.length, [paragraph]);
    });
    await eventually(async () => {
      const content = await fx.owner.get(`/api/documents/${created.body.id}/content`);
      return JSON.stringify(content.body).includes("bueno5");
    }, 15_000, "the links to be stored");
    provider.destroy();

    const md = await fx.owner.get(`/api/documents/${created.body.id}/export?format=md`);
    expect(md.status).toBe(200);
    // The file name keeps Spanish letters (RFC 8187) and loses what file systems reserve.
    const disposition = md.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+ segunda linea\.md"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1]!)).toMatch(/^[^<>*\n]+ segunda línea\.md$/);
    const markdown = md.body as string;
    const [firstLine, secondLine] = markdown.split("\n");
    // The title is one literal heading: no link, no HTML, no emphasis, no second line.
    expect(firstLine).toBe(
      "# \\# Plan\\]\\(javascript:alert\\(1\\)\\) &lt;img src=x onerror=alert\\(2\\)\\> \\*urgente\\* segunda línea",
    );
    expect(secondLine).toBe("");
    const body = markdown.split("\n").slice(1).join("\n");
    expect(body).not.toMatch(/\]\(\s*(javascript|vbscript|data)/i);
    expect(body).not.toMatch(/<a|href/i);
    for (const label of ["malo1", "malo2", "malo3", "malo4", "malo5", "malo6"]) {
      expect(body).toContain(label); // the text stays, only the link goes
      expect(body).not.toMatch(new RegExp(`\\[${label}`));
    }
    expect(body).toContain("[bueno1](https://implan.gob.mx/plan)");
    expect(body).toContain("(mailto:oficina@implan.gob.mx)");
    expect(body).toContain("(tel:+526561234567)");
    expect(body).toContain("(/projects/abc)");
    expect(body).toContain("(#objetivos)");
    expect(body).toContain("(https://ejemplo.mx/a%29%20%5Bx%5D%28javascript:alert%287%29)");

    const html = await fx.owner.get(`/api/documents/${created.body.id}/export?format=html`);
    expect(html.status).toBe(200);
    const page = html.body as string;
    expect(page).not.toMatch(/href="\s*(javascript|vbscript|data)/i);
    expect(page).not.toMatch(/<img src=x/);
    expect(page).toContain('href="https://implan.gob.mx/plan"');
    expect(page).toContain('href="#objetivos"');
    const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.filter((h) => /^(javascript|vbscript|data)/i.test(h!.replace(/\s/g, "")))).toEqual([]);
  });
});

describe("body limit", () => {
  it("answers an early 413 with Connection: close", async () => {
    const url = new URL("/api/projects", server.url);
    const total = 2 * 1024 * 1024;
    const res = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest(
        url,
        {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(total), cookie: fx.owner.cookie, origin: server.url },
        },
        (response) => {
          let body = "";
          response.on("data", (chunk: Buffer) => (body += chunk.toString()));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
          response.on("error", reject);
        },
      );
      req.on("error", () => {}); // the server may close before the whole body is written
      // Only the first part of the body: the server must answer from the Content-Length alone.
      req.write(Buffer.alloc(64 * 1024, 0x20));
    });
    expect(res.status).toBe(413);
    expect(res.connection).toBe("close");
    expect(JSON.parse(res.body).error.code).toBe("payload_too_large");
  });
});
