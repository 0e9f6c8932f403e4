import { Suspense, useId, useRef, useState } from "react";
import { lazy } from "../../components/retryable-lazy";
import { useTranslation } from "react-i18next";
import type { OrgRef, Project } from "../../api";
import { DialogHeader } from "../../components/Dialog";
import { LoadingState } from "../../components/States";

type Props = { orgs: OrgRef[] | undefined; onCreated: (project: Project) => void };

// The form (with zod and react-hook-form) loads on first use; pointing at the button starts it.
const loadForm = () => import("./NewProjectForm");
const NewProjectForm = lazy(() => loadForm().then((module) => ({ default: module.NewProjectForm })));

/**
 * "Nuevo proyecto": a native modal <dialog>, which gives focus containment, Escape to close and
 * focus return to the opening button without extra code. Each opening starts a fresh form.
 */
export function NewProjectDialog({ orgs, onCreated }: Props) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const introId = useId();
  const [opening, setOpening] = useState(0);
  const intro = (
    <p id={introId} className="muted">
      {t("newProject.intro")}
    </p>
  );

  function open() {
    setOpening((count) => count + 1);
    dialogRef.current?.showModal();
  }

  function close() {
    dialogRef.current?.close();
  }

  return (
    <>
      <button
        type="button"
        className="button button-primary"
        onClick={open}
        onPointerEnter={() => void loadForm()}
        onFocus={() => void loadForm()}
        aria-haspopup="dialog"
      >
        <span aria-hidden="true" className="button-icon">
          +
        </span>
        {t("portfolio.newProject")}
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby={titleId} aria-describedby={introId}>
        <DialogHeader titleId={titleId} title={t("newProject.title")} onClose={close} />
        {opening > 0 ? (
          <Suspense
            fallback={
              <div className="dialog-body">
                {intro}
                <LoadingState label={t("common.loading")} />
              </div>
            }
          >
            <NewProjectForm key={opening} intro={intro} orgs={orgs} onCreated={onCreated} onClose={close} />
          </Suspense>
        ) : null}
      </dialog>
    </>
  );
}
