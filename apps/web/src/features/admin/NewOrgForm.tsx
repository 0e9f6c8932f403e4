import { useId } from "react";
import { useTranslation } from "react-i18next";
import { organizationCreateSchema } from "@taller/domain/inputs";
import { useCreateOrg } from "../../api";
import { Field } from "../../components/Field";
import { maxLengthOf } from "../../forms/validation";
import { useSchemaForm } from "../../forms/useSchemaForm";
import { CreateForm, useCreateSubmit } from "./CreateForm";

type Draft = { name: string; shortName: string; createsProjects: boolean };
const emptyDraft: Draft = { name: "", shortName: "", createsProjects: false };

/** A new organization; the admin page's list (and every other one) gets it from the mutation. */
export function NewOrgForm() {
  const { t } = useTranslation();
  const createsProjectsId = useId();
  const form = useSchemaForm(organizationCreateSchema, { defaultValues: emptyDraft });
  const { register, errorText } = form;
  const createOrg = useCreateOrg();
  const submit = useCreateSubmit(form, {
    create: createOrg.mutateAsync,
    taken: { code: "short_name_taken", field: "shortName" },
    fields: ["name", "shortName"],
  });

  return (
    <CreateForm
      title={t("admin.newOrg")}
      submitLabel={t("admin.createOrg")}
      createdTitle={submit.created ? t("admin.orgCreated", { name: submit.created.name }) : null}
      submit={submit}
    >
      <div className="form-row">
        <Field label={t("admin.orgName")} hint={t("admin.orgNameHint")} error={errorText("name")} required className="grow">
          {(control) => <input {...control} {...register("name")} type="text" autoComplete="off" />}
        </Field>
        <Field label={t("admin.orgShortName")} hint={t("admin.orgShortNameHint")} error={errorText("shortName")} required>
          {(control) => <input {...control} {...register("shortName")} type="text" autoComplete="off" maxLength={maxLengthOf(organizationCreateSchema, "shortName")} size={10} />}
        </Field>
      </div>
      <div className="checkbox">
        <input id={createsProjectsId} type="checkbox" {...register("createsProjects")} />
        <label htmlFor={createsProjectsId}>{t("admin.newOrgCreatesProjects")}</label>
      </div>
    </CreateForm>
  );
}
