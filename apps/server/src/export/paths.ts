/**
 * File names inside the dossier ZIP: ASCII slugs (accents taken off, anything else a hyphen), so
 * the archive opens the same on every system and no name can climb out of its folder.
 */
export function slug(text: string, fallback = "sin-titulo"): string {
  const out = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return out || fallback;
}
