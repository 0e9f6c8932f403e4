import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/Alert";
import { isNotFound } from "../../components/errors";
import { PageHeading } from "../../components/PageHeading";
import { LoadingState } from "../../components/States";
import { Breadcrumbs } from "./Breadcrumbs";

/**
 * What a deep-linked page (a project, a document) shows before its record is there: a loading
 * state, or a failure that tells "does not exist / no access" (404, with a way back to the
 * portfolio) apart from "could not load" (with a retry).
 */
export function PageLoadFailure(props: {
  error: unknown;
  onRetry: () => void;
  text: { notFound: string; notFoundHint: string; loadError: string };
}) {
  const { t } = useTranslation("workspace");
  const notFound = isNotFound(props.error);
  const title = notFound ? props.text.notFound : props.text.loadError;
  return (
    <div className="container page">
      <Breadcrumbs items={[]} />
      <PageHeading title={title}>{title}</PageHeading>
      {notFound ? (
        <>
          <p className="muted">{props.text.notFoundHint}</p>
          <p>
            <Link to="/" className="button button-primary">
              {t("workspace.backToPortfolio")}
            </Link>
          </p>
        </>
      ) : (
        <ErrorAlert error={props.error} onRetry={props.onRetry} />
      )}
    </div>
  );
}

export function PageLoading({ label }: { label: string }) {
  return (
    <div className="container page">
      <Breadcrumbs items={[]} />
      <LoadingState label={label} />
    </div>
  );
}
