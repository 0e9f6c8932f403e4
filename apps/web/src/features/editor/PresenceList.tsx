import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { Participant } from "../../collab/useDocumentSession";

/** "Lucía Méndez" → "LM"; one name → its first two letters. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  if (words.length === 1) return words[0]!.slice(0, 2).toLocaleUpperCase("es-MX");
  return `${words[0]![0]}${words[words.length - 1]![0]}`.toLocaleUpperCase("es-MX");
}

type Person = { key: string; name: string; org: string; color: string; isLocal: boolean };

/** One entry per person, even with the document open in several tabs; you first. */
function people(participants: Participant[]): Person[] {
  const byKey = new Map<string, Person>();
  for (const participant of participants) {
    const key = `${participant.name}\u0000${participant.org}\u0000${participant.color}`;
    const known = byKey.get(key);
    if (known) known.isLocal ||= participant.isLocal;
    else byKey.set(key, { key, name: participant.name, org: participant.org, color: participant.color, isLocal: participant.isLocal });
  }
  return [...byKey.values()].sort((a, b) => Number(b.isLocal) - Number(a.isLocal) || a.name.localeCompare(b.name, "es-MX"));
}

/** Who is in the document now (awareness), with initials, name and agency. */
export function PresenceList({ participants }: { participants: Participant[] }) {
  const { t } = useTranslation("editor");
  const titleId = useId();
  const list = people(participants);
  return (
    <section className="study-presence" aria-labelledby={titleId}>
      <h2 id={titleId} className="study-side-title">
        {t("presence.title")} <span className="study-side-count">({t("presence.count", { count: list.length })})</span>
      </h2>
      <ul className="study-presence-list">
        {list.map((person) => (
          <li key={person.key} className="study-person">
            <span className="study-avatar" style={{ backgroundColor: person.color }} aria-hidden="true">
              {initialsOf(person.name)}
            </span>
            <span className="study-person-text">
              <span className="study-person-name">
                {person.name}
                {person.isLocal ? <span className="study-person-you"> ({t("presence.you")})</span> : null}
              </span>
              {person.org ? <span className="study-person-org">{person.org}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      {list.length <= 1 ? <p className="muted small">{t("presence.alone")}</p> : null}
    </section>
  );
}
