import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { Alert, ErrorAlert } from "../../components/Alert";
import { Field } from "../../components/Field";
import { PageHeading } from "../../components/PageHeading";
import { useAuth } from "./authContext";
import type { LoginRedirectState } from "./RequireAuth";

type FieldErrors = { email?: string; password?: string };

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Where to go after signing in: back where the user was sent from, never to another origin. */
function safeReturnPath(from: string | undefined): string {
  return from && from.startsWith("/") && !from.startsWith("//") && !from.startsWith("/login") ? from : "/";
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const redirect = (location.state ?? {}) as LoginRedirectState;
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  if (state.status === "authenticated" && !submitting) {
    return <Navigate to={safeReturnPath(redirect.from)} replace />;
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    const trimmedEmail = email.trim();
    if (!trimmedEmail) errors.email = t("auth.emailRequired");
    else if (!emailPattern.test(trimmedEmail)) errors.email = t("auth.emailInvalid");
    if (!password) errors.password = t("auth.passwordRequired");
    setFieldErrors(errors);
    setSubmitError(null);
    if (errors.email || errors.password) {
      (errors.email ? emailRef : passwordRef).current?.focus();
      return;
    }

    setSubmitting(true);
    try {
      await login(trimmedEmail, password);
      await navigate(safeReturnPath(redirect.from), { replace: true });
    } catch (error) {
      setSubmitError(error);
      setPassword("");
      passwordRef.current?.focus();
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="login">
      <section className="login-card" aria-labelledby="login-title">
        <div className="login-brand" aria-hidden="true">
          <span className="brand-mark">T</span>
          <span className="login-brand-text">
            <span className="brand-name">{t("app.name")}</span>
            <span className="brand-tagline">{t("app.tagline")}</span>
          </span>
        </div>
        <PageHeading id="login-title" title={t("auth.title")}>
          {t("auth.title")}
        </PageHeading>
        <p className="muted">{t("auth.intro")}</p>

        {redirect.sessionExpired && !submitError ? <Alert tone="info" title={t("auth.sessionExpired")} /> : null}
        {submitError ? <ErrorAlert error={submitError} /> : null}

        <form className="form" noValidate onSubmit={(event) => void handleSubmit(event)}>
          <Field label={t("auth.email")} error={fieldErrors.email} required>
            {(control) => (
              <input
                {...control}
                ref={emailRef}
                type="email"
                name="email"
                autoComplete="username"
                inputMode="email"
                spellCheck={false}
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            )}
          </Field>
          <Field label={t("auth.password")} error={fieldErrors.password} required>
            {(control) => (
              <input
                {...control}
                ref={passwordRef}
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button-primary button-block" disabled={submitting}>
            {submitting ? t("auth.submitting") : t("auth.submit")}
          </button>
        </form>
        <p className="small muted login-help">{t("auth.help")}</p>
      </section>
    </div>
  );
}
