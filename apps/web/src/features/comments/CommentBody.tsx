import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { bodyParts } from "@taller/domain/comment-text";
import type { ProjectMember } from "../../api";

/**
 * A comment's body as text: React text nodes only (any HTML in it shows as typed), line breaks
 * kept by CSS, and each mention as the person's current name and agency (or the name written in
 * the body, marked, when they are no longer a member).
 */
export function CommentBody({ body, people }: { body: string; people: Map<string, ProjectMember> }) {
  const { t } = useTranslation("comments");
  return (
    <p className="comment-body">
      {bodyParts(body).map((part, index) => {
        if (part.kind === "text") return <Fragment key={index}>{part.text}</Fragment>;
        const person = people.get(part.userId);
        return person ? (
          <span key={index} className="comment-mention">
            @{person.name}
            <span className="comment-mention-org"> ({person.org.shortName})</span>
          </span>
        ) : (
          <span key={index} className="comment-mention comment-mention-gone" title={t("mentions.unknown")}>
            @{part.label}
            <span className="visually-hidden"> ({t("mentions.unknown")})</span>
          </span>
        );
      })}
    </p>
  );
}

/** Name and agency short name (the agency's full name on hover and for screen readers). */
export function PersonName({ person }: { person: { name: string; org: { name: string; shortName: string } } }) {
  return (
    <span className="comment-person">
      <span className="comment-person-name">{person.name}</span>{" "}
      <abbr className="comment-person-org" title={person.org.name}>
        {person.org.shortName}
      </abbr>
    </span>
  );
}
