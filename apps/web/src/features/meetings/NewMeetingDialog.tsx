import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { MEETING_KINDS, type MeetingKind } from "@taller/domain/meetings";
import { useCreateMeeting, type NewMeeting } from "../../api/meetings";
import { ErrorAlert } from "../../components/Alert";
import { DialogFooter, DialogHeader } from "../../components/Dialog";
import { MeetingFactsFields, errorsAfterChange, factsInput, emptyFacts, type FactsErrors } from "./MeetingFactsFields";
import { meetingPath } from "./paths";

/**
 * «Nueva sesión»: a native modal <dialog> (focus contained, Escape closes, focus returns to the
 * button) with the meeting's facts; on success the meeting's page opens, where the agenda and
 * the attendees are set.
 */
export function NewMeetingDialog() {
  const { t } = useTranslation("meetings");
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const introId = useId();
  const [opening, setOpening] = useState(0);

  function open() {
    setOpening((count) => count + 1);
    dialogRef.current?.showModal();
  }

  return (
    <>
      <button type="button" className="button button-primary" onClick={open} aria-haspopup="dialog">
        <span aria-hidden="true" className="button-icon">
          +
        </span>
        {t("new.button")}
      </button>
      <dialog ref={dialogRef} className="dialog" aria-labelledby={titleId} aria-describedby={introId}>
        <DialogHeader titleId={titleId} title={t("new.title")} onClose={() => dialogRef.current?.close()} />
        {opening > 0 ? <NewMeetingForm key={opening} introId={introId} onClose={() => dialogRef.current?.close()} /> : null}
      </dialog>
    </>
  );
}

function NewMeetingForm({ introId, onClose }: { introId: string; onClose: () => void }) {
  const { t } = useTranslation("meetings");
  const navigate = useNavigate();
  const create = useCreateMeeting();
  const [facts, setFacts] = useState(emptyFacts);
  const [kind, setKind] = useState<MeetingKind>(MEETING_KINDS[0]);
  const [errors, setErrors] = useState<FactsErrors>({});
  const formRef = useRef<HTMLFormElement>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = factsInput(t, facts);
    setErrors(checked.errors);
    if (!checked.input) {
      formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    const input: NewMeeting = { ...checked.input, kind };
    create.mutate(input, {
      onSuccess: (meeting) => {
        onClose();
        void navigate(meetingPath(meeting.id));
      },
    });
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <div className="dialog-body">
        <p id={introId} className="muted">
          {t("new.intro")}
        </p>
        <MeetingFactsFields
        facts={facts}
        onChange={(next) => {
          setErrors((current) => errorsAfterChange(current, facts, next));
          setFacts(next);
        }}
        errors={errors}
        kind={kind}
        onKind={setKind}
      />
        {create.isError ? <ErrorAlert error={create.error} title={t("new.error")} /> : null}
      </div>
      <DialogFooter onCancel={onClose} submitLabel={create.isPending ? t("new.creating") : t("new.create")} busy={create.isPending} />
    </form>
  );
}
