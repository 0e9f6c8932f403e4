import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { clearCopies, collectUnsaved, copyName, listCopies, type UnsavedSummary } from "../collab/local-copies";
import { useCurrentUser } from "../features/auth/authContext";
import { Alert } from "./Alert";
import { UnsavedChangesDialog } from "./UnsavedChanges";

type Phase = { step: "checking" } | { step: "offer"; summaries: UnsavedSummary[]; dialog: boolean } | { step: "clearing" } | { step: "cleared" } | { step: "none" };

/**
 * Loss of access to a document (its socket closed with 4403 `access_revoked`, or the API answers
 * 403/404 for it): this browser's copy must go, but not before the person has seen what it holds
 * that the server never stored. Nothing unsaved: the copy is deleted at once. `quiet` (the page
 * already says the document is not available) shows nothing unless there is something to offer.
 */
export default function LostAccess({ collabNames, quiet = false }: { collabNames: string[]; quiet?: boolean }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [phase, setPhase] = useState<Phase>({ step: "checking" });
  // This person's copies of the document (another person's copy in this browser is theirs).
  const key = collabNames.map((collabName) => copyName(user.id, collabName)).join(" ");

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const present = new Set(await listCopies(user.id));
      const names = key.split(" ").filter((name) => present.has(name));
      if (names.length === 0) {
        if (!cancelled) setPhase({ step: "none" });
        return;
      }
      const summaries = await collectUnsaved(names);
      if (cancelled) return;
      if (summaries.length > 0) {
        setPhase({ step: "offer", summaries, dialog: true });
        return;
      }
      await clearCopies(names);
      if (!cancelled) setPhase({ step: "cleared" });
    })().catch((error: unknown) => {
      console.error("[collab] could not check this browser's copy", error);
      if (!cancelled) setPhase({ step: "none" });
    });
    return () => {
      cancelled = true;
    };
  }, [key, user.id]);

  async function confirmClear() {
    setPhase({ step: "clearing" });
    await clearCopies(key.split(" "));
    setPhase({ step: "cleared" });
  }

  if (quiet && phase.step !== "offer") return null;
  return (
    <div className="lost-access">
      <Alert tone="error" title={t("lostAccess.title")}>
        <p>{t("lostAccess.body")}</p>
        {/* Only while a copy exists and is about to go: with no copy (or once it is gone) the sentence would be false. */}
        {phase.step === "offer" || phase.step === "clearing" ? <p>{t("lostAccess.copyGoes")}</p> : null}
        {phase.step === "cleared" ? <p>{t("lostAccess.cleared")}</p> : null}
        {phase.step === "offer" && !phase.dialog ? (
          <button type="button" className="button button-secondary button-small" onClick={() => setPhase({ ...phase, dialog: true })}>
            {t("lostAccess.review")}
          </button>
        ) : null}
        <p>
          <Link to="/">{t("lostAccess.back")}</Link>
        </p>
      </Alert>
      <UnsavedChangesDialog
        open={phase.step === "offer" && phase.dialog}
        title={t("lostAccess.title")}
        intro={t("lostAccess.unsavedIntro")}
        summaries={phase.step === "offer" ? phase.summaries : []}
        confirmLabel={t("lostAccess.confirm")}
        cancelLabel={t("lostAccess.later")}
        busy={false}
        onConfirm={() => void confirmClear()}
        onCancel={() => phase.step === "offer" && setPhase({ ...phase, dialog: false })}
      />
    </div>
  );
}
