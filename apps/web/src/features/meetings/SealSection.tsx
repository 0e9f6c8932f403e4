import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { meetingLinks, useMeetingMutation, type Meeting } from "../../api/meetings";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { useFormat } from "../../i18n/format";

/**
 * The seal, when the server says there is one: «Acta sellada el … · SHA-256 …» with the full
 * hash (selectable, and a copy button), who sealed it, and how anyone can check it.
 */
export function SealBanner({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const format = useFormat();
  const [copied, setCopied] = useState("");
  const seal = meeting.seal;
  if (!seal) return null;
  const url = meetingLinks.seal(meeting.id);

  async function copy(hash: string) {
    try {
      await navigator.clipboard.writeText(hash);
      setCopied(t("seal.copied"));
    } catch {
      setCopied(t("seal.copyFailed"));
    }
  }

  return (
    <section className="seal-banner" aria-labelledby="seal-title" data-testid="seal-banner">
      <h2 id="seal-title" className="seal-title">
        <svg className="seal-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="M4 9h12v8H4z M7 9V6a3 3 0 0 1 6 0v3" fill="none" stroke="currentColor" strokeWidth="1.7" />
        </svg>
        {t("seal.title", { date: format.dateTime(seal.sealedAt) })}
      </h2>
      <p className="seal-by">{t("seal.by", { name: seal.sealedBy.name + (seal.sealedBy.org ? ` (${seal.sealedBy.org.shortName})` : ""), date: format.dateTime(seal.sealedAt) })}</p>
      <div className="seal-hash-row">
        <p className="seal-hash-label" id="seal-hash-label">
          <abbr title={t("seal.hashLabel")}>{t("seal.hash")}</abbr>
        </p>
        <code className="seal-hash" data-testid="seal-hash">
          {seal.sha256}
        </code>
        <button type="button" className="button button-secondary button-small" onClick={() => void copy(seal.sha256)}>
          {t("seal.copy")}
        </button>
        <span role="status" className="seal-copied">
          {copied}
        </span>
      </div>
      <details className="seal-verify">
        <summary>{t("seal.verifyTitle")}</summary>
        <ol>
          <li>{t("seal.verify1", { url })}</li>
          <li>{t("seal.verify2")}</li>
          <li>{t("seal.verify3")}</li>
        </ol>
        <p>
          <a href={url}>{t("seal.openRecord")}</a>
        </p>
      </details>
    </section>
  );
}

/** «Adendas»: corrections after the seal, each referencing the sealed hash; managers add them. */
export function AddendaCard({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const format = useFormat();
  if (!meeting.seal) return null;
  return (
    <section className="card meeting-addenda" aria-labelledby="meeting-addenda-title">
      <h2 id="meeting-addenda-title" className="card-title">
        {t("addenda.title")}
        <span className="card-title-note"> · {meeting.addenda.length}</span>
      </h2>
      <p className="muted">{t("addenda.intro")}</p>
      {meeting.addenda.length === 0 ? (
        <p>{t("addenda.empty")}</p>
      ) : (
        <ol className="addendum-list">
          {meeting.addenda.map((addendum) => (
            <li key={addendum.id} className="addendum">
              <p className="addendum-body">{addendum.body}</p>
              <p className="muted small">{t("addenda.by", { name: addendum.createdBy.name, date: format.dateTime(addendum.createdAt) })}</p>
              <p className="small addendum-hash">
                <code>{t("addenda.hash", { hash: addendum.sha256 })}</code>
              </p>
            </li>
          ))}
        </ol>
      )}
      {meeting.abilities.manage ? <AddendumForm meeting={meeting} /> : null}
    </section>
  );
}

function AddendumForm({ meeting }: { meeting: Meeting }) {
  const { t } = useTranslation("meetings");
  const formId = useId();
  const add = useMeetingMutation("addAddendum", meeting.id);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    if (!body.trim()) {
      setError(t("addenda.bodyMissing"));
      ref.current?.focus();
      return;
    }
    setError(undefined);
    add.mutate(body.trim(), {
      onSuccess: () => {
        setDone(t("addenda.added"));
        setBody("");
      },
    });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={`${formId}-title`}>
      <h3 id={`${formId}-title`} className="subheading">
        {t("addenda.add")}
      </h3>
      <Field label={t("addenda.body")} required error={error}>
        {(control) => <textarea {...control} ref={ref} rows={3} maxLength={10000} value={body} onChange={(event) => {
              setBody(event.target.value);
              setError(undefined);
            }} />}
      </Field>
      {add.isError ? <ErrorAlert error={add.error} title={t("addenda.error")} /> : null}
      {done && !add.isPending ? <Alert tone="success">{done}</Alert> : null}
      <div>
        <button type="submit" className="button button-secondary" disabled={add.isPending}>
          {add.isPending ? t("addenda.adding") : t("addenda.add")}
        </button>
      </div>
    </form>
  );
}
