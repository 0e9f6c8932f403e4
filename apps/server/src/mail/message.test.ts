import { describe, expect, it } from "vitest";
import type { EmailRecord } from "../queries/notifications";
import { composeEmail } from "./message";
import { resumePoint } from "../live/sse";

const base: EmailRecord = {
  id: "n1",
  kind: "mention",
  recipient: { id: "u1", name: "Lectora", email: "lectora@ejemplo.mx", isAdmin: false, emailNotifications: true },
  role: "commenter",
  project: { id: "p1", name: "Parque lineal" },
  document: { id: "d1", title: "Estudio\r\nBcc: otro@ejemplo.mx" },
  thread: { id: "t1", anchor: { type: "text", start: {}, end: {}, quote: "el acceso norte" }, resolutionNote: "Se corrigió." },
  comment: { id: "c1", body: "Revise @[Lectora](00000000-0000-4000-8000-000000000001) <script>x</script>", deletedAt: null },
  actor: { name: "Dueña", orgShortName: "IMPLAN" },
  review: null,
  version: null,
  decision: null,
  meeting: null,
};
const url = new URL("https://taller.ejemplo.gob.mx");

describe("composeEmail", () => {
  it("says who, where, the comment and the link; names stay on one line", () => {
    const mail = composeEmail(base, url);
    if (typeof mail === "string") throw new Error(mail);
    expect(mail.to).toBe("lectora@ejemplo.mx");
    expect(mail.subject).toBe("[Taller] Dueña (IMPLAN) te mencionó en «Estudio Bcc: otro@ejemplo.mx»");
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).toContain("https://taller.ejemplo.gob.mx/documents/d1?thread=t1");
    expect(mail.text).toContain("Revise @Lectora <script>x</script>");
    expect(mail.text).toContain("«el acceso norte»");
  });

  it("sends nothing to a non-member or a person with email off", () => {
    expect(composeEmail({ ...base, role: null }, url)).toBe("not_a_member");
    expect(composeEmail({ ...base, role: null, recipient: { ...base.recipient, isAdmin: true } }, url)).toBe("not_a_member");
    expect(composeEmail({ ...base, recipient: { ...base.recipient, emailNotifications: false } }, url)).toBe("preference_off");
  });

  it("never carries a deleted comment's words; a resolution carries its note", () => {
    const deleted = composeEmail({ ...base, comment: { id: "c1", body: "", deletedAt: new Date() } }, url);
    expect(typeof deleted !== "string" && deleted.text).not.toContain("Comentario:");
    const resolved = composeEmail({ ...base, kind: "resolved", comment: null }, url);
    if (typeof resolved === "string") throw new Error(resolved);
    expect(resolved.subject).toContain("resolvió tu hilo");
    expect(resolved.text).toContain("Se corrigió.");
  });
});

describe("composeEmail for review rounds", () => {
  const review: EmailRecord = {
    ...base,
    kind: "review_requested",
    thread: null,
    comment: null,
    review: { id: "r1", result: null, dueAt: new Date("2099-01-02T17:30:00Z"), status: "open" },
    version: { number: 2, name: "Entrega\r\nal cabildo" },
  };

  it("asks for a review with the version, the due date and the round's link", () => {
    const mail = composeEmail(review, url);
    if (typeof mail === "string") throw new Error(mail);
    expect(mail.subject).toBe("[Taller] Dueña (IMPLAN) pide tu revisión de v2 «Entrega al cabildo»");
    expect(mail.text).toContain("https://taller.ejemplo.gob.mx/projects/p1/reviews/r1");
    expect(mail.text).toContain("Fecha límite: 2099-01-02 17:30 UTC.");
    expect(mail.text).not.toContain("/documents/");
  });

  it("says a decision with its reason, a close with its result, a due date passed", () => {
    const decided = composeEmail({ ...review, kind: "review_decided", decision: { decision: "favorable_with_observations", reason: "Falta el aforo.", conditions: null } }, url);
    if (typeof decided === "string") throw new Error(decided);
    expect(decided.text).toContain("decidió «favorable con observaciones» sobre la versión v2");
    expect(decided.text).toContain("Falta el aforo.");
    const closed = composeEmail({ ...review, kind: "review_closed", review: { ...review.review!, status: "closed", result: "approved_with_observations" } }, url);
    if (typeof closed === "string") throw new Error(closed);
    expect(closed.subject).toContain("aprobada con observaciones");
    const unresolved = composeEmail({ ...review, kind: "review_closed", review: { ...review.review!, status: "closed", result: null } }, url);
    expect(typeof unresolved !== "string" && unresolved.text).not.toMatch(/aprobada|approved/);
    const due = composeEmail({ ...review, kind: "review_due", review: { ...review.review!, dueAt: new Date("2020-01-01T00:00:00Z") } }, url);
    if (typeof due === "string") throw new Error(due);
    expect(due.subject).toBe("[Taller] Revisión vencida: v2 «Entrega al cabildo»");
    expect(composeEmail({ ...review, role: null }, url)).toBe("not_a_member");
  });
});

describe("resumePoint", () => {
  it("prefers Last-Event-ID, then ?after=, and ignores junk", () => {
    expect(resumePoint("12", "3")).toBe(12);
    expect(resumePoint(undefined, "3")).toBe(3);
    expect(resumePoint("abc", "4")).toBe(4);
    expect(resumePoint("-1", undefined)).toBeNull();
    expect(resumePoint(undefined, undefined)).toBeNull();
  });
});
