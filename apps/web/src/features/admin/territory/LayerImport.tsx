import { useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { LAYER_KINDS, type LayerKind } from "@taller/domain/vocabulary";
import { ApiError } from "../../../api";
import { layerImported, MAX_LAYER_FILE_BYTES, MAX_LAYER_ISSUES, territoryAdminApi, type ImportedLayer, type LayerImportIssue } from "../../../api/territory-admin";
import { Alert, ErrorAlert } from "../../../components/Alert";
import { Field } from "../../../components/Field";
import { setServerIssues, validationMessage } from "../../../forms/validation";
import { useFormat } from "../../../i18n/format";
import { isJson, postJsonWithProgress, readFileText, type ImportProgress } from "./upload";

/** Reasons whose server message says more than the reason's sentence (the rest would repeat it). */
const REASONS_WITH_SPECIFICS = new Set<LayerImportIssue["reason"]>(["not_geojson", "too_many_features", "unsupported_crs", "geometry_type", "coordinates_invalid", "out_of_range", "name_missing"]);

type Draft = { kind: LayerKind | ""; name: string; nameField: string };
const emptyDraft: Draft = { kind: "", name: "", nameField: "" };
/**
 * The fields are checked by the server (the domain's layerImportSchema, before it reads the
 * file): importing the schema here would bring the module's reprojection and geometry code
 * (proj4, turf) into this page. Its issues land on the fields like a form's own.
 */
const FIELDS = ["kind", "name", "nameField"] as const;

type Outcome =
  | { type: "imported"; layer: ImportedLayer }
  | { type: "invalid"; file: string; issues: LayerImportIssue[] }
  | { type: "tooLarge"; file: string; size: number | null }
  | { type: "notJson"; file: string }
  | { type: "failed"; error: unknown };

/** Megabytes as people read them ("25 MB", "50,3 MB"). */
function useMegabytes() {
  const { i18n } = useTranslation();
  return (bytes: number) =>
    `${new Intl.NumberFormat(i18n.resolvedLanguage ?? i18n.language, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
}

/**
 * «Importar una capa»: kind, name, the optional name field and a GeoJSON file. The file is read
 * here, checked to be JSON and sent with the fields; progress shows while it is read, sent and
 * validated; the server's answer is what the page says (the layer imported with its count, or
 * each feature that was wrong and why — nothing is stored then).
 */
export function LayerImport() {
  const { t } = useTranslation("territoryAdmin");
  const megabytes = useMegabytes();
  const { number } = useFormat();
  const queryClient = useQueryClient();
  const titleId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const { t: tApp } = useTranslation();
  const form = useForm<Draft>({ defaultValues: emptyDraft });
  const { register } = form;
  const errorText = (field: (typeof FIELDS)[number]) => {
    const code = form.formState.errors[field]?.message;
    return code ? validationMessage(tApp, code) : undefined;
  };
  const limit = megabytes(MAX_LAYER_FILE_BYTES);

  const fileMissing = () => {
    if (file) return false;
    setFileError(t("import.fileMissing"));
    return true;
  };

  const importFile = async (draft: Draft) => {
    // An unchosen kind is left out, so that the server calls it missing.
    const fields = { kind: draft.kind || undefined, name: draft.name, ...(draft.nameField.trim() === "" ? {} : { nameField: draft.nameField }) };
    setOutcome(null);
    if (fileMissing() || !file) {
      fileRef.current?.focus();
      return;
    }
    if (file.size > MAX_LAYER_FILE_BYTES) {
      setOutcome({ type: "tooLarge", file: file.name, size: file.size });
      return;
    }
    try {
      setProgress({ phase: "reading", fraction: 0 });
      const text = await readFileText(file, (fraction) => setProgress({ phase: "reading", fraction }));
      if (!isJson(text)) {
        setOutcome({ type: "notJson", file: file.name });
        return;
      }
      setProgress({ phase: "sending", fraction: 0 });
      const layer = await postJsonWithProgress<ImportedLayer>(territoryAdminApi.importUrl(), fields, text, setProgress);
      layerImported(queryClient);
      setOutcome({ type: "imported", layer });
      form.reset();
      setFile(null);
      if (fileRef.current) fileRef.current.value = "";
    } catch (error) {
      if (error instanceof ApiError && error.code === "invalid_geojson") {
        const issues = (error.details as { issues?: LayerImportIssue[] } | undefined)?.issues ?? [];
        setOutcome({ type: "invalid", file: file.name, issues });
      } else if (setServerIssues(error, form.setError, FIELDS)) {
        // Shown beside the fields (the first one has the focus).
      } else if (error instanceof ApiError && error.code === "payload_too_large") {
        setOutcome({ type: "tooLarge", file: file.name, size: null });
      } else {
        setOutcome({ type: "failed", error });
      }
    } finally {
      setProgress(null);
    }
  };
  // handleSubmit is called in the event, not during render (the file input's ref is read there).
  const onSubmit = (event: FormEvent<HTMLFormElement>) =>
    form.handleSubmit(importFile, () => {
      setOutcome(null);
      fileMissing();
    })(event);

  const busy = progress !== null;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {t("import.title")}
      </h2>
      <p className="muted territory-card-intro">{t("import.intro")}</p>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)} aria-labelledby={titleId}>
        <div className="form-row">
          <Field label={t("import.kind")} error={errorText("kind")} required className="grow">
            {(control) => (
              <select {...control} {...register("kind")}>
                <option value="" disabled>
                  —
                </option>
                {LAYER_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`kinds.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("import.name")} hint={t("import.nameHint")} error={errorText("name")} required className="grow">
            {(control) => <input {...control} {...register("name")} type="text" autoComplete="off" />}
          </Field>
        </div>
        <Field label={t("import.nameField")} hint={t("import.nameFieldHint")} error={errorText("nameField")} optional>
          {(control) => (
            <input {...control} {...register("nameField")} type="text" autoComplete="off" spellCheck={false} size={24} />
          )}
        </Field>
        <Field label={t("import.file")} hint={t("import.fileHint", { limit })} error={fileError} required>
          {(control) => (
            <input
              {...control}
              ref={fileRef}
              type="file"
              accept=".geojson,.json,application/geo+json,application/json"
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setFileError(undefined);
                setOutcome(null);
              }}
            />
          )}
        </Field>
        <ImportStatus progress={progress} />
        <Outcome outcome={outcome} limit={limit} megabytes={megabytes} number={number} />
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t("import.importing") : t("import.submit")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Reading, sending (with how much), then the server's validation (no measure: a spinner-like bar). */
function ImportStatus({ progress }: { progress: ImportProgress | null }) {
  const { t } = useTranslation("territoryAdmin");
  const labelId = useId();
  // The live region is always there, so that each phase's sentence is announced (once, not every percent).
  return (
    <div className="import-progress" role="status">
      {progress ? (
        <>
          <p id={labelId}>{t(`import.${progress.phase}`)}</p>
          {progress.phase === "validating" ? (
            <progress aria-labelledby={labelId} />
          ) : (
            <progress aria-labelledby={labelId} max={1} value={progress.fraction} />
          )}
        </>
      ) : null}
    </div>
  );
}

function Outcome({
  outcome,
  limit,
  megabytes,
  number,
}: {
  outcome: Outcome | null;
  limit: string;
  megabytes: (bytes: number) => string;
  number: (value: number) => string;
}) {
  const { t } = useTranslation("territoryAdmin");
  if (!outcome) return null;
  switch (outcome.type) {
    case "imported": {
      const { layer } = outcome;
      return (
        <Alert tone="success" title={t("import.imported", { name: layer.name, count: layer.features, crs: layer.sourceCrs ?? "EPSG:4326" })}>
          {layer.supersedes ? <p>{t("import.supersedes")}</p> : null}
        </Alert>
      );
    }
    case "invalid":
      return (
        <Alert tone="error" title={t("import.invalidTitle")}>
          <p>{t("import.invalidIntro", { count: outcome.issues.length })}</p>
          <ol className="import-issues">
            {outcome.issues.map((issue, index) => (
              <li key={index}>
                <strong>
                  {issue.feature === null
                    ? t("import.wholeFile")
                    : issue.name
                      ? t("import.featureNamed", { number: number(issue.feature + 1), name: issue.name })
                      : t("import.feature", { number: number(issue.feature + 1) })}
                  :
                </strong>{" "}
                {t(`import.reasons.${issue.reason}`, { defaultValue: issue.message })}
                {/* The server's own words (in English) carry the specifics: which types, which coordinates, which field. */}
                {REASONS_WITH_SPECIFICS.has(issue.reason) ? (
                  <span className="import-issue-detail" lang="es-MX">
                    {issue.message}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
          {outcome.issues.length >= MAX_LAYER_ISSUES ? <p>{t("import.firstIssues", { count: outcome.issues.length })}</p> : null}
        </Alert>
      );
    case "tooLarge":
      return (
        <Alert
          tone="error"
          title={outcome.size === null ? t("import.tooLargeServer", { limit }) : t("import.tooLarge", { file: outcome.file, size: megabytes(outcome.size), limit })}
        />
      );
    case "notJson":
      return <Alert tone="error" title={t("import.notJson", { file: outcome.file })} />;
    case "failed":
      return <ErrorAlert error={outcome.error} />;
  }
}
