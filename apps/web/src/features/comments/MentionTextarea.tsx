import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ProjectMember } from "../../api";
import { activeMention, insertMention, matchMembers, moveActive, type ActiveMention } from "./mentions";

type Props = {
  id: string;
  value: string;
  onChange: (value: string) => void;
  people: readonly ProjectMember[];
  /** Left out of the suggestions (the writer). */
  me?: string | undefined;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
  placeholder?: string | undefined;
  rows?: number;
  disabled?: boolean;
  /** Ctrl/⌘+Enter. */
  onSubmit?: () => void;
  /** Escape while no suggestion list is open. */
  onEscape?: () => void;
  /** Takes focus when mounted. */
  autoFocus?: boolean;
};

/**
 * A comment textarea with `@` suggestions of the project's members (WAI-ARIA combobox with a
 * listbox popup): the textarea keeps focus, arrows move the active option (aria-activedescendant),
 * Enter or Tab choose it, Escape closes the list. Choosing writes `@[Nombre](uuid)` into the text.
 */
export function MentionTextarea({ id, value, onChange, people, me, describedBy, invalid, placeholder, rows = 3, disabled, onSubmit, onEscape, autoFocus }: Props) {
  const { t } = useTranslation("comments");
  const listId = useId();
  const inner = useRef<HTMLTextAreaElement | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const pendingCaret = useRef<number | null>(null);

  const mention: ActiveMention | null = caret === null ? null : activeMention(value, caret);
  const options = mention ? matchMembers(people, mention.query, { exclude: me }) : [];
  const open = mention !== null && mention.start !== dismissedAt && !disabled;
  const activeIndex = options.length === 0 ? -1 : Math.min(active, options.length - 1);

  useEffect(() => {
    if (autoFocus) inner.current?.focus();
  }, [autoFocus]);

  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !inner.current) return;
    pendingCaret.current = null;
    inner.current.setSelectionRange(at, at);
    setCaret(at);
  }, [value]);

  function readCaret(element: HTMLTextAreaElement) {
    setCaret(element.selectionStart === element.selectionEnd ? element.selectionStart : null);
  }

  function choose(person: ProjectMember) {
    if (!mention) return;
    const next = insertMention(value, mention, person);
    pendingCaret.current = next.caret;
    setActive(0);
    onChange(next.text);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open && options.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive(moveActive(activeIndex, event.key === "ArrowDown" ? 1 : -1, options.length));
        return;
      }
      if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey && !event.shiftKey) || (event.key === "Tab" && !event.shiftKey)) {
        event.preventDefault();
        choose(options[Math.max(activeIndex, 0)]!);
        return;
      }
    }
    if (open && mention && event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      setDismissedAt(mention.start);
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && onSubmit) {
      event.preventDefault();
      onSubmit();
      return;
    }
    if (event.key === "Escape" && onEscape) {
      event.preventDefault();
      event.stopPropagation();
      onEscape();
    }
  }

  const activeOption = open && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined;

  return (
    <div className="mention-field">
      <textarea
        ref={inner}
        id={id}
        className="input comment-textarea"
        value={value}
        rows={rows}
        placeholder={placeholder}
        disabled={disabled}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeOption}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(event) => {
          onChange(event.target.value);
          readCaret(event.target);
          setActive(0);
        }}
        onSelect={(event) => readCaret(event.currentTarget)}
        onClick={(event) => readCaret(event.currentTarget)}
        onBlur={() => setCaret(null)}
        onFocus={(event) => readCaret(event.currentTarget)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={t("mentions.listLabel")} className="mention-list" hidden={!open || options.length === 0}>
        {open
          ? options.map((person, index) => (
              <li
                key={person.userId}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                className={`mention-option${index === activeIndex ? " is-active" : ""}`}
                // Keep focus (and the caret) in the textarea.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(person)}
              >
                <span className="mention-option-name">{person.name}</span>
                <span className="visually-hidden">, </span>
                <span className="mention-option-org">{person.org.shortName}</span>
              </li>
            ))
          : null}
      </ul>
      <p className="visually-hidden" role="status">
        {open ? (options.length === 0 ? t("mentions.noMatches", { query: mention?.query ?? "" }) : t("mentions.count", { count: options.length })) : ""}
      </p>
    </div>
  );
}
