/**
 * After a refused submit (by the form's checks or by the server): the first invalid control in
 * `root` gets focus and is scrolled to the middle of the screen, clear of sticky headers and
 * action bars (a plain focus() scrolls only as far as the control's edge, where a sticky bar may
 * cover it). Returns whether there was one.
 */
export function focusFirstInvalid(root: ParentNode | null | undefined): boolean {
  const invalid = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!invalid) return false;
  invalid.focus({ preventScroll: true });
  invalid.scrollIntoView({ block: "center", inline: "nearest" });
  return true;
}
