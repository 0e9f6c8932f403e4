import { useTranslation } from "react-i18next";
import { MEETING_KINDS, type MeetingKind } from "@taller/domain/meetings";
import { Field } from "../../components/Field";
import { Options } from "../../components/Options";
import type { Facts, FactsErrors } from "./facts";

export { emptyFacts, errorsAfterChange, factsInput, factsOf, type Facts, type FactsErrors } from "./facts";

/** Title, kind, date, start and end time, place and link: the create dialog and the facts' edit form. */
export function MeetingFactsFields({
  facts,
  onChange,
  errors,
  kind,
  onKind,
}: {
  facts: Facts;
  onChange: (facts: Facts) => void;
  errors: FactsErrors;
  kind: MeetingKind;
  onKind: (kind: MeetingKind) => void;
}) {
  const { t } = useTranslation("meetings");
  const set = (key: keyof Facts) => (event: { target: { value: string } }) => onChange({ ...facts, [key]: event.target.value });
  return (
    <>
      <Field label={t("new.titleField")} required error={errors.title}>
        {(control) => <input {...control} type="text" maxLength={200} value={facts.title} onChange={set("title")} autoComplete="off" />}
      </Field>
      <Field label={t("new.kind")} required>
        {(control) => (
          <select {...control} value={kind} onChange={(event) => onKind(MEETING_KINDS.find((k) => k === event.target.value) ?? kind)}>
            <Options values={MEETING_KINDS} label={(value) => t(`kinds.${value}`)} />
          </select>
        )}
      </Field>
      <div className="form-row meeting-when-fields">
        <Field label={t("new.date")} required error={errors.date}>
          {(control) => <input {...control} type="date" value={facts.date} onChange={set("date")} />}
        </Field>
        <Field label={t("new.time")} required>
          {(control) => <input {...control} type="time" value={facts.time} onChange={set("time")} aria-invalid={errors.date ? true : undefined} />}
        </Field>
        <Field label={t("new.endTime")} optional error={errors.endTime}>
          {(control) => <input {...control} type="time" value={facts.endTime} onChange={set("endTime")} />}
        </Field>
      </div>
      <Field label={t("new.place")} optional hint={t("new.placeHint")}>
        {(control) => <input {...control} type="text" maxLength={300} value={facts.place} onChange={set("place")} />}
      </Field>
      <Field label={t("new.link")} optional hint={t("new.linkHint")} error={errors.link}>
        {(control) => <input {...control} type="url" inputMode="url" maxLength={500} value={facts.link} onChange={set("link")} />}
      </Field>
    </>
  );
}
