import { useId } from "react";
import { useTranslation } from "react-i18next";
import { userCreateSchema } from "@taller/domain/inputs";
import { useCreateUser, type OrgRef } from "../../api";
import { Field } from "../../components/Field";
import { OrgOptions } from "../../components/Options";
import { limitOf } from "../../forms/validation";
import { useSchemaForm } from "../../forms/useSchemaForm";
import { CreateForm, useCreateSubmit } from "./CreateForm";

type Draft = { name: string; email: string; password: string; orgId: string; isAdmin: boolean };

const emptyDraft: Draft = { name: "", email: "", password: "", orgId: "", isAdmin: false };

/** A new account; the admin page's list gets it from the mutation. */
export function NewUserForm({ orgs }: { orgs: OrgRef[] }) {
  const { t } = useTranslation();
  const adminId = useId();
  // A pasted address often carries a space; the server takes the address as sent.
  const form = useSchemaForm(userCreateSchema, { defaultValues: emptyDraft, toInput: (draft: Draft) => ({ ...draft, email: draft.email.trim() }) });
  const { register, errorText } = form;
  const createUser = useCreateUser();
  const submit = useCreateSubmit(form, {
    create: createUser.mutateAsync,
    taken: { code: "email_taken", field: "email" },
    fields: ["name", "email", "password", "orgId"],
  });

  return (
    <CreateForm
      title={t("admin.newUser")}
      submitLabel={t("admin.createUser")}
      createdTitle={submit.created ? t("admin.userCreated", { name: submit.created.name }) : null}
      submit={submit}
    >
      <div className="form-row">
        <Field label={t("admin.userName")} error={errorText("name")} required className="grow">
          {(control) => <input {...control} {...register("name")} type="text" autoComplete="off" />}
        </Field>
        <Field label={t("admin.userEmail")} error={errorText("email")} required className="grow">
          {(control) => <input {...control} {...register("email")} type="email" autoComplete="off" spellCheck={false} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label={t("admin.userPassword")} hint={t("admin.userPasswordHint", { count: limitOf(userCreateSchema, "password", "too_short") })} error={errorText("password")} required className="grow">
          {(control) => <input {...control} {...register("password")} type="password" autoComplete="new-password" />}
        </Field>
        <Field label={t("admin.userOrg")} error={errorText("orgId")} required className="grow">
          {(control) => (
            <select {...control} {...register("orgId")}>
              <OrgOptions orgs={orgs} blank={t("admin.userOrgPlaceholder")} />
            </select>
          )}
        </Field>
      </div>
      <div className="checkbox">
        <input id={adminId} type="checkbox" {...register("isAdmin")} />
        <label htmlFor={adminId}>{t("admin.userIsAdmin")}</label>
      </div>
    </CreateForm>
  );
}
