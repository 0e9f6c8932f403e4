import "./strings";
import "./exports.css";
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";

/** A format the server makes: a plain download link (the browser sends the session cookie). */
export type ExportLink = { key: string; label: string; hint?: string; href: string };
/** A format made in the browser (a canvas as SVG or PNG): answers the name of the file it saved. */
export type ExportAction = { key: string; label: string; hint?: string; run: () => Promise<string>; disabledReason?: string | null };
export type ExportEntry = ExportLink | ExportAction;

type Status = { tone: "working" | "done" | "failed"; text: string } | null;

/**
 * «Exportar»: a menu button (WAI-ARIA APG «menu button» pattern) listing formats. Enter, Space or
 * ↓ open it on the first format, ↑ on the last; ↑ ↓ Home End and the first letter move; Escape
 * closes it and returns to the button; Tab closes it and moves on. Server formats are `<a download>`
 * links (the download is the browser's own, with the file name the server gives); browser-made
 * ones run an action and say in a live region when the file is ready or why it failed. A format
 * that cannot be made right now stays in the list, marked unavailable, with the reason.
 *
 * The list stays in the DOM while closed (hidden): a link removed during its own click event never
 * starts its download, and React would otherwise unmount it as the menu closes.
 */
export function ExportMenu({ entries, what, align = "end", className }: { entries: ExportEntry[]; what: string; align?: "start" | "end"; className?: string }) {
  const { t } = useTranslation("exports");
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const focusOnOpen = useRef<"first" | "last">("first");
  const menuId = useId();
  const buttonId = useId();

  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  function show(focus: "first" | "last") {
    focusOnOpen.current = focus;
    if (status?.tone !== "working") setStatus(null);
    setOpen(true);
  }

  function hide(refocus: boolean) {
    setOpen(false);
    if (refocus) button.current?.focus();
  }

  // Opened: the list opens under the button on its `align` side, shifted back inside the window
  // where that side would cross its edge (a phone, a button near the edge); again on resize.
  useLayoutEffect(() => {
    const list = menu.current;
    if (!open || !list) return;
    const keepInWindow = () => {
      list.style.translate = "";
      const rect = list.getBoundingClientRect();
      const margin = 8;
      const shift = rect.right > window.innerWidth - margin ? window.innerWidth - margin - rect.right : rect.left < margin ? margin - rect.left : 0;
      if (shift !== 0) list.style.translate = `${Math.round(shift)}px 0`;
    };
    keepInWindow();
    window.addEventListener("resize", keepInWindow);
    return () => window.removeEventListener("resize", keepInWindow);
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const list = items();
    (focusOnOpen.current === "last" ? list[list.length - 1] : list[0])?.focus();
    // A press anywhere else closes it (focus stays where that press puts it).
    const onPointerDown = (event: PointerEvent) => {
      if (!(event.target instanceof Node) || !wrapper.current?.contains(event.target)) setOpen(false);
    };
    window.document.addEventListener("pointerdown", onPointerDown);
    return () => window.document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === "Escape" && open) {
      event.preventDefault();
      event.stopPropagation();
      hide(false);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      show(event.key === "ArrowUp" ? "last" : "first");
    }
  }

  function onMenuKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const list = items();
    const at = list.indexOf(window.document.activeElement as HTMLElement);
    const move = (index: number) => {
      event.preventDefault();
      list[(index + list.length) % list.length]?.focus();
    };
    switch (event.key) {
      case "ArrowDown":
        return move(at + 1);
      case "ArrowUp":
        return move(at - 1);
      case "Home":
      case "PageUp":
        return move(0);
      case "End":
      case "PageDown":
        return move(list.length - 1);
      case "Escape":
        // Handled here: the page around (a side panel, the canvas) must not also act on it.
        event.preventDefault();
        event.stopPropagation();
        return hide(true);
      case "Tab":
        return setOpen(false);
      case " ":
        // Space activates a menu item; on a link the browser would scroll instead.
        if (list[at]?.tagName === "A") {
          event.preventDefault();
          list[at]?.click();
        }
        return;
      default:
        if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
          const letter = event.key.toLocaleLowerCase();
          const order = [...list.slice(at + 1), ...list.slice(0, at + 1)];
          const next = order.find((item) => (item.dataset.label ?? "").toLocaleLowerCase().startsWith(letter));
          if (next) {
            event.preventDefault();
            next.focus();
          }
        }
    }
  }

  async function run(entry: ExportAction) {
    hide(true);
    setStatus({ tone: "working", text: t("menu.working", { format: entry.label }) });
    try {
      const file = await entry.run();
      setStatus({ tone: "done", text: t("menu.done", { format: entry.label, file }) });
    } catch (error) {
      console.error(`[exports] ${entry.key} failed`, error);
      setStatus({ tone: "failed", text: t("menu.failed", { format: entry.label }) });
    }
  }

  return (
    <div
      ref={wrapper}
      className={`export-menu${className ? ` ${className}` : ""}`}
      onBlur={(event) => {
        // Focus left the button and its list (Tab, a click elsewhere): the list closes.
        if (open && !(event.relatedTarget instanceof Node && wrapper.current?.contains(event.relatedTarget))) setOpen(false);
      }}
    >
      <button
        ref={button}
        id={buttonId}
        type="button"
        className="button button-ghost button-small export-menu-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t("menu.buttonLabel", { what })}
        onClick={() => (open ? hide(false) : show("first"))}
        onKeyDown={onButtonKeyDown}
      >
        <svg className="export-menu-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="M10 3v9m-4-4 4 4 4-4M4 14v3h12v-3" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        {t("menu.button")}
        <svg className="export-menu-caret" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
          <path d="M3 4.5 6 7.5 9 4.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
        </svg>
      </button>
      <ul
        ref={menu}
        id={menuId}
        role="menu"
        aria-labelledby={buttonId}
        className={`export-menu-list export-menu-${align}`}
        hidden={!open}
        onKeyDown={onMenuKeyDown}
      >
        {entries.map((entry) => (
          <li key={entry.key} role="none">
            {"href" in entry ? (
              <a role="menuitem" tabIndex={-1} href={entry.href} download data-label={entry.label} className="export-menu-item" onClick={() => hide(true)}>
                <EntryText entry={entry} />
              </a>
            ) : (
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                data-label={entry.label}
                className="export-menu-item"
                aria-disabled={entry.disabledReason ? true : undefined}
                onClick={() => {
                  if (!entry.disabledReason) void run(entry);
                }}
              >
                <EntryText entry={entry} reason={entry.disabledReason ?? null} />
              </button>
            )}
          </li>
        ))}
      </ul>
      <p role="status" className={`export-menu-status export-menu-${align}${status ? ` export-menu-status-${status.tone}` : ""}`}>
        {status?.text}
      </p>
    </div>
  );
}

function EntryText({ entry, reason = null }: { entry: ExportEntry; reason?: string | null }) {
  const { t } = useTranslation("exports");
  return (
    <>
      <span className="export-menu-label">
        {entry.label}
        {reason ? <span className="export-menu-unavailable"> · {t("menu.disabled")}</span> : null}
      </span>
      {reason ? <span className="export-menu-hint">{reason}</span> : entry.hint ? <span className="export-menu-hint">{entry.hint}</span> : null}
    </>
  );
}
