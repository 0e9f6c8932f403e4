/** A case-insensitive "contains" pattern whose LIKE wildcards are escaped: "50%" means the characters. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
