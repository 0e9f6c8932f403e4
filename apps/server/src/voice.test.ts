import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// docs/i18n.md: the whole product says tú, the server's messages and emails included (the web
// app's locale files have their own check). This looks at every Spanish sentence start in the
// server's and the packages' sources for usted forms addressed to the person.
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const SOURCES = ["apps/server/src", "packages/domain/src", "packages/editor-schema/src", "packages/collab/src", "packages/db/src"];
const USTED = /(["'`]|[.:;] )(Usted|No tiene|No puede|Inicie|Ingrese|Seleccione|Intente|Verifique|Escriba|Elija|Espere|Vuelva a|Su cuenta|Su sesión|Su contraseña|Su rol)\b/;

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourcesUnder(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("the server's voice", () => {
  it("addresses the person as tú in every message", () => {
    const files = SOURCES.flatMap((dir) => sourcesUnder(join(ROOT, dir)));
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (USTED.test(line) ? [`${file.slice(ROOT.length)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(found).toEqual([]);
  });
});
