import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { milestoneCreateSchema, milestonePatchSchema } from "@taller/domain/follow-up";
import { MILESTONE_STATUSES, type MilestoneStatus } from "@taller/domain/vocabulary";
import { queries } from "../../api";
import { useCreateMilestone, useDeleteMilestone, useUpdateMilestone, type FollowUp, type Milestone } from "../../api/follow-up";
import { ErrorAlert } from "../../components/Alert";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { DialogFooter } from "../../components/Dialog";
import { Field } from "../../components/Field";
import { CardTitle, TableHead, TableScroll } from "../../components/Lists";
import { OrgOptions, Options } from "../../components/Options";
import { EmptyState } from "../../components/States";
import { formatDay } from "./alerts/alertText";
import { check, focusFirstInvalid, serverErrors, type FieldErrors } from "./check";
import { AddDialog, EditDialog } from "./FormDialog";

/** The milestones (hitos) as a table; owners and editors add, edit and delete them in a dialog. */
export function MilestonesCard({ projectId, followUp }: { projectId: string; followUp: FollowUp }) {
  const { t, i18n } = useTranslation("followUp");
  const language = i18n.resolvedLanguage ?? i18n.language;
  const captionId = useId();
  const canEdit = followUp.abilities.edit;
  const late = new Map(followUp.alerts.flatMap((alert) => (alert.code === "milestone_late" ? [[alert.milestoneId, alert.daysLate] as const] : [])));
  const [deleting, setDeleting] = useState<Milestone | null>(null);
  const remove = useDeleteMilestone(projectId);

  return (
    <section className="card" aria-labelledby="milestones-title">
      <div className="card-heading">
        <CardTitle id="milestones-title" note={followUp.milestones.length || null}>
          {t("milestones.title")}
        </CardTitle>
        {canEdit ? (
          <AddDialog title={t("milestones.newTitle")} label={t("milestones.add")}>
            {({ close }) => <MilestoneForm projectId={projectId} onDone={close} />}
          </AddDialog>
        ) : null}
      </div>
      {remove.isError ? <ErrorAlert error={remove.error} title={t("milestones.deleteError")} /> : null}
      {followUp.milestones.length === 0 ? (
        <EmptyState title={t("milestones.empty")} />
      ) : (
        <TableScroll labelledBy={captionId}>
          <table className="table table-compact milestones-table">
            <caption id={captionId} className="visually-hidden">
              {t("milestones.caption")}
            </caption>
            <TableHead
              columns={[
                t("milestones.titleColumn"),
                t("milestones.planned"),
                t("milestones.actual"),
                t("milestones.status"),
                t("milestones.responsible"),
                ...(canEdit ? [<span className="visually-hidden">{t("actions")}</span>] : []),
              ]}
            />
            <tbody>
              {followUp.milestones.map((milestone) => {
                const daysLate = late.get(milestone.id);
                return (
                  <tr key={milestone.id} className={daysLate ? "milestone-late" : undefined}>
                    <th scope="row">
                      {milestone.title}
                      {milestone.notes ? <span className="milestone-notes">{milestone.notes}</span> : null}
                    </th>
                    <td>
                      <time dateTime={milestone.plannedDate}>{formatDay(language, milestone.plannedDate)}</time>
                      {daysLate ? <span className="milestone-late-note">{t("milestones.late", { count: daysLate })}</span> : null}
                    </td>
                    <td>{milestone.actualDate ? <time dateTime={milestone.actualDate}>{formatDay(language, milestone.actualDate)}</time> : t("none")}</td>
                    <td>
                      <span className={`badge milestone-status milestone-${milestone.status}`}>{t(`statuses.${milestone.status}`)}</span>
                    </td>
                    <td>{milestone.responsibleOrg ? <abbr title={milestone.responsibleOrg.name}>{milestone.responsibleOrg.shortName}</abbr> : t("none")}</td>
                    {canEdit ? (
                      <td className="row-actions">
                        <EditDialog title={t("milestones.editTitle", { title: milestone.title })} label={t("edit")} ariaLabel={t("milestones.editLabel", { title: milestone.title })}>
                          {({ close }) => <MilestoneForm projectId={projectId} milestone={milestone} onDone={close} />}
                        </EditDialog>
                        <button type="button" className="button button-link" onClick={() => setDeleting(milestone)} aria-label={t("milestones.deleteLabel", { title: milestone.title })}>
                          {t("delete")}
                        </button>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={t("milestones.deleteLabel", { title: deleting?.title ?? "" })}
        body={t("milestones.deleteConfirm", { title: deleting?.title ?? "" })}
        confirmLabel={t("delete")}
        busy={remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting.id, { onSettled: () => setDeleting(null) });
        }}
      />
    </section>
  );
}

type Values = { title: string; plannedDate: string; actualDate: string; status: MilestoneStatus; responsibleOrgId: string; notes: string };

function MilestoneForm({ projectId, milestone, onDone }: { projectId: string; milestone?: Milestone; onDone: () => void }) {
  const { t } = useTranslation("followUp");
  const { t: tApp } = useTranslation();
  const orgs = useQuery(queries.orgs());
  const create = useCreateMilestone(projectId);
  const update = useUpdateMilestone(projectId);
  const saving = milestone ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Values>({
    title: milestone?.title ?? "",
    plannedDate: milestone?.plannedDate ?? "",
    actualDate: milestone?.actualDate ?? "",
    status: milestone?.status ?? "pending",
    responsibleOrgId: milestone?.responsibleOrg?.id ?? "",
    notes: milestone?.notes ?? "",
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const schema = milestone ? milestonePatchSchema : milestoneCreateSchema;

  function set<K extends keyof Values>(key: K, value: Values[K]) {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors(({ [key]: _dropped, ...rest }) => rest);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = {
      title: values.title,
      plannedDate: values.plannedDate,
      actualDate: values.actualDate || null,
      status: values.status,
      responsibleOrgId: values.responsibleOrgId || null,
      notes: values.notes,
    };
    const checked = check(tApp, milestoneCreateSchema, input);
    if (checked.errors) {
      setErrors(checked.errors);
      focusFirstInvalid(formRef.current);
      return;
    }
    const onError = (error: Error) => {
      setErrors(serverErrors(tApp, schema, error));
      focusFirstInvalid(formRef.current);
    };
    if (milestone) update.mutate({ id: milestone.id, patch: input }, { onSuccess: onDone, onError });
    else create.mutate(input, { onSuccess: onDone, onError });
  }

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      <div className="dialog-body">
        <p className="muted">{t("milestones.intro")}</p>
        <Field label={t("milestones.titleColumn")} required error={errors.title}>
          {(control) => <input {...control} type="text" value={values.title} onChange={(e) => set("title", e.target.value)} maxLength={200} />}
        </Field>
        <div className="form-row">
          <Field label={t("milestones.planned")} required error={errors.plannedDate}>
            {(control) => <input {...control} type="date" value={values.plannedDate} onChange={(e) => set("plannedDate", e.target.value)} />}
          </Field>
          <Field label={t("milestones.actual")} optional error={errors.actualDate}>
            {(control) => <input {...control} type="date" value={values.actualDate} onChange={(e) => set("actualDate", e.target.value)} />}
          </Field>
        </div>
        <div className="form-row">
          <Field label={t("milestones.status")} error={errors.status}>
            {(control) => (
              <select {...control} value={values.status} onChange={(e) => set("status", e.target.value as MilestoneStatus)}>
                <Options values={MILESTONE_STATUSES} label={(status) => t(`statuses.${status}`)} />
              </select>
            )}
          </Field>
          <Field label={t("milestones.responsible")} optional error={errors.responsibleOrgId}>
            {(control) => (
              <select {...control} value={values.responsibleOrgId} onChange={(e) => set("responsibleOrgId", e.target.value)}>
                <OrgOptions orgs={orgs.data?.orgs} blank={t("milestones.noOrg")} />
              </select>
            )}
          </Field>
        </div>
        <Field label={t("milestones.notes")} optional error={errors.notes}>
          {(control) => <textarea {...control} rows={3} value={values.notes} onChange={(e) => set("notes", e.target.value)} maxLength={2000} />}
        </Field>
        {saving.isError && Object.keys(errors).length === 0 ? <ErrorAlert error={saving.error} title={t("milestones.saveError")} /> : null}
      </div>
      <DialogFooter onCancel={onDone} submitLabel={saving.isPending ? t("milestones.saving") : t("milestones.save")} busy={saving.isPending} />
    </form>
  );
}
