import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useRef, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { LAND_USE_COMPATIBILITY } from "@taller/domain/vocabulary";
import { ApiError } from "../../../api";
import { territoryAdminApi, territoryAdminQueries, useImportCompatibilityCsv, useSaveCompatibility, type CsvIssue } from "../../../api/territory-admin";
import { Alert, ErrorAlert } from "../../../components/Alert";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { CardTitle } from "../../../components/Lists";
import { EmptyState, LoadingState } from "../../../components/States";
import { serverIssues, validationMessage } from "../../../forms/validation";
import { readFileText } from "./upload";
import { COEFFICIENTS, gridOf, gridProblems, rulesOf, sameRules, setCell, setCoefficient, type Cell, type Coefficient, type Grid, type GridProblem } from "./matrix";

/**
 * A CSV whose rows parsed but whose matrix the domain refused (a zone too long, a duplicate zone
 * and use): the issues' paths ("rules.3.cos") as the file's rows (the header is row 1).
 */
function csvRowsOf(issues: { path: string; code: string }[], message: (code: string) => string): CsvIssue[] {
  return issues.map((issue) => {
    const [, index, column] = /^rules\.(\d+)(?:\.(\w+))?/.exec(issue.path) ?? [];
    return { row: index === undefined ? null : Number(index) + 2, column: column ?? null, message: message(issue.code) };
  });
}

type Notice = { type: "saved" } | { type: "csvImported"; file: string; count: number } | { type: "csvInvalid"; file: string; issues: CsvIssue[]; serverWords: boolean } | { type: "failed"; error: unknown };

/**
 * The land-use compatibility matrix as an editable table: a row per zone, a select per use
 * (permitido / condicionado / prohibido / sin regla) and the zone's COS, CUS and CAS. «Guardar»
 * replaces the server's matrix (PUT) and says so only once the server has answered; «Importar CSV»
 * replaces it from a file; «Descargar CSV» gives what the server has.
 */
export function CompatibilityCard() {
  const { t } = useTranslation("territoryAdmin");
  const { t: tApp } = useTranslation();
  const matrix = useQuery(territoryAdminQueries.compatibility());
  const save = useSaveCompatibility();
  const importCsv = useImportCompatibilityCsv();
  const base = useMemo(() => (matrix.data ? gridOf(matrix.data) : null), [matrix.data]);
  const [draft, setDraft] = useState<Grid | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pendingCsv, setPendingCsv] = useState<File | null>(null);
  const csvRef = useRef<HTMLInputElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const grid = draft ?? base;
  const dirty = draft !== null && base !== null && !sameRules(draft, base);
  const problems = grid && showProblems ? gridProblems(grid) : [];

  const edit = (change: (grid: Grid) => Grid) => {
    if (!grid) return;
    setDraft(change(grid));
    setNotice(null);
  };

  const onSave = () => {
    if (!grid) return;
    const found = gridProblems(grid);
    if (found.length > 0) {
      setShowProblems(true);
      setNotice(null);
      // The first marked input takes the focus (after the render that marks it).
      requestAnimationFrame(() => tableRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setShowProblems(false);
    setNotice(null);
    save.mutate(
      { rules: rulesOf(grid) },
      {
        onSuccess: () => {
          setDraft(null);
          setNotice({ type: "saved" });
        },
        onError: (error) => setNotice({ type: "failed", error }),
      },
    );
  };

  const sendCsv = async (file: File) => {
    setPendingCsv(null);
    setNotice(null);
    try {
      const text = await readFileText(file, () => {});
      const answer = await importCsv.mutateAsync(text);
      setDraft(null);
      setShowProblems(false);
      setNotice({ type: "csvImported", file: file.name, count: answer.rules.length });
    } catch (error) {
      if (error instanceof ApiError && error.code === "invalid_csv") {
        setNotice({ type: "csvInvalid", file: file.name, issues: (error.details as { issues?: CsvIssue[] } | undefined)?.issues ?? [], serverWords: true });
      } else if (error instanceof ApiError && error.code === "validation_failed" && serverIssues(error).length > 0) {
        setNotice({ type: "csvInvalid", file: file.name, issues: csvRowsOf(serverIssues(error), (code) => validationMessage(tApp, code)), serverWords: false });
      } else {
        setNotice({ type: "failed", error });
      }
    } finally {
      if (csvRef.current) csvRef.current.value = "";
    }
  };

  const busy = save.isPending || importCsv.isPending;
  return (
    <section className="card matrix-card" aria-labelledby="matrix-title">
      <CardTitle id="matrix-title">{t("matrix.title")}</CardTitle>
      <p className="muted territory-card-intro">{t("matrix.intro")}</p>
      {matrix.isError ? (
        <ErrorAlert error={matrix.error} title={t("matrix.error")} onRetry={() => void matrix.refetch()} />
      ) : !grid ? (
        <LoadingState label={t("matrix.title")} />
      ) : grid.rows.length === 0 ? (
        <EmptyState title={t("matrix.empty")} />
      ) : (
        <MatrixTable grid={grid} problems={problems} tableRef={tableRef} disabled={busy} onEdit={edit} />
      )}

      <div className="matrix-status" role="status">
        {dirty && !busy ? <p className="matrix-unsaved">{t("matrix.unsaved")}</p> : null}
        {save.isPending ? <p>{t("matrix.saving")}</p> : null}
        {importCsv.isPending ? <p>{t("matrix.importingCsv")}</p> : null}
        {notice?.type === "saved" ? <Alert tone="success" title={t("matrix.saved")} /> : null}
        {notice?.type === "csvImported" ? <Alert tone="success" title={t("matrix.csvImported", { file: notice.file, count: notice.count })} /> : null}
      </div>
      {showProblems && problems.length > 0 ? <Alert tone="error" title={t("matrix.fix", { count: problems.length })} /> : null}
      {notice?.type === "failed" ? <ErrorAlert error={notice.error} title={t("matrix.saveError")} /> : null}
      {notice?.type === "csvInvalid" ? (
        <Alert tone="error" title={t("matrix.csvInvalidTitle", { file: notice.file })}>
          <ul className="import-issues">
            {notice.issues.map((issue, index) => (
              <li key={index}>
                {issue.row === null ? null : (
                  <>
                    <strong>{issue.column ? t("matrix.csvRowColumn", { row: issue.row, column: issue.column }) : t("matrix.csvRow", { row: issue.row })}:</strong>{" "}
                  </>
                )}
                {/* The CSV parser words its issues in Spanish. */}
                <span lang={notice.serverWords ? "es-MX" : undefined}>{issue.message}</span>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}

      <div className="matrix-actions">
        {grid && grid.rows.length > 0 ? (
          <button type="button" className="button button-primary" onClick={onSave} disabled={busy || (!dirty && !showProblems)}>
            {save.isPending ? t("matrix.saving") : t("matrix.save")}
          </button>
        ) : null}
        {dirty ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => {
              setDraft(null);
              setShowProblems(false);
              setNotice(null);
            }}
          >
            {t("matrix.discard")}
          </button>
        ) : null}
        <span className="matrix-actions-spacer" />
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => csvRef.current?.click()} aria-describedby="matrix-csv-hint">
          {importCsv.isPending ? t("matrix.importingCsv") : t("matrix.importCsv")}
        </button>
        <input
          ref={csvRef}
          type="file"
          accept=".csv,text/csv"
          hidden
          tabIndex={-1}
          aria-label={t("matrix.importCsv")}
          data-testid="matrix-csv-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            if (dirty) setPendingCsv(file);
            else void sendCsv(file);
          }}
        />
        <a className="button button-secondary" href={territoryAdminApi.compatibilityCsvUrl()} download>
          {t("matrix.downloadCsv")}
        </a>
      </div>
      <p id="matrix-csv-hint" className="field-hint">
        {t("matrix.csvHint")}
      </p>
      <ConfirmDialog
        open={pendingCsv !== null}
        title={t("matrix.replaceTitle")}
        body={t("matrix.replaceBody")}
        confirmLabel={t("matrix.replaceConfirm")}
        onConfirm={() => pendingCsv && void sendCsv(pendingCsv)}
        onCancel={() => {
          setPendingCsv(null);
          if (csvRef.current) csvRef.current.value = "";
        }}
      />
    </section>
  );
}

function MatrixTable({
  grid,
  problems,
  tableRef,
  disabled,
  onEdit,
}: {
  grid: Grid;
  problems: GridProblem[];
  tableRef: RefObject<HTMLTableElement | null>;
  disabled: boolean;
  onEdit: (change: (grid: Grid) => Grid) => void;
}) {
  const { t } = useTranslation("territoryAdmin");
  const id = useId();
  const captionId = `${id}-caption`;
  const hintId = `${id}-hint`;
  const columnId = (column: string) => `${id}-col-${column}`;
  const rowId = (index: number) => `${id}-row-${index}`;
  const [scrollRef, frame] = useScrollCue();
  const problemOf = (zone: string, field: Coefficient) => problems.find((p) => p.zone === zone && (p.field === field || p.field === "coefficients"));

  return (
    <>
      <p id={hintId} className="matrix-scroll-hint" hidden={!frame.overflowing}>
        <span aria-hidden="true">↔ </span>
        {t("matrix.scrollHint")}
      </p>
      <div className="matrix-frame" data-more-left={frame.moreLeft || undefined} data-more-right={frame.moreRight || undefined}>
      <div ref={scrollRef} className="matrix-scroll" role="region" aria-labelledby={captionId} aria-describedby={frame.overflowing ? hintId : undefined} tabIndex={0}>
        <table ref={tableRef} className="table matrix-table">
          <caption id={captionId} className="visually-hidden">
            {t("matrix.caption")}
          </caption>
          <thead>
            <tr>
              <th scope="col" className="matrix-zone">
                {t("matrix.zone")}
              </th>
              {grid.uses.map((use) => (
                <th key={use} scope="col" id={columnId(use)}>
                  {t(`uses.${use}`)}
                </th>
              ))}
              {COEFFICIENTS.map((field) => (
                <th key={field} scope="col" id={columnId(field)} className="matrix-coefficient">
                  <abbr title={t(`matrix.${field}Long`)}>{t(`matrix.${field}`)}</abbr>
                  <span className="visually-hidden"> ({t(`matrix.${field}Long`)})</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.rows.map((row, index) => (
              <tr key={row.zone}>
                <th scope="row" id={rowId(index)} className="matrix-zone">
                  {row.zone}
                  {row.inLayer ? null : <span className="matrix-zone-note">{t("matrix.notInLayer")}</span>}
                </th>
                {grid.uses.map((use) => (
                  <td key={use} className="matrix-cell">
                    <CellSelect
                      value={row.cells[use]}
                      labelledBy={`${rowId(index)} ${columnId(use)}`}
                      disabled={disabled}
                      onChange={(value) => onEdit((current) => setCell(current, row.zone, use, value))}
                    />
                  </td>
                ))}
                {COEFFICIENTS.map((field) => {
                  const problem = problemOf(row.zone, field);
                  const errorId = `${rowId(index)}-${field}-error`;
                  return (
                    <td key={field} className="matrix-coefficient">
                      <input
                        type="text"
                        inputMode="decimal"
                        autoComplete="off"
                        size={4}
                        value={row.coefficients[field]}
                        disabled={disabled}
                        aria-labelledby={`${rowId(index)} ${columnId(field)}`}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem ? errorId : undefined}
                        onChange={(event) => onEdit((current) => setCoefficient(current, row.zone, field, event.target.value))}
                      />
                      {problem ? (
                        <span id={errorId} className="matrix-error">
                          {problem.code === "invalid_number" ? t("matrix.invalidNumber") : t("matrix.coefficientsNeedRule")}
                        </span>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      </div>
    </>
  );
}

function CellSelect({ value, labelledBy, disabled, onChange }: { value: Cell; labelledBy: string; disabled: boolean; onChange: (value: Cell) => void }) {
  const { t } = useTranslation("territoryAdmin");
  return (
    <select
      className={`matrix-select matrix-${value || "none"}`}
      value={value}
      disabled={disabled}
      aria-labelledby={labelledBy}
      onChange={(event) => onChange(event.target.value as Cell)}
    >
      {LAND_USE_COMPATIBILITY.map((option) => (
        <option key={option} value={option}>
          {t(`matrix.${option}`)}
        </option>
      ))}
      <option value="">{t("matrix.none")}</option>
    </select>
  );
}

/** Whether the frame's content runs past its left or right edge (for the shadows and the hint). */
function useScrollCue() {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState({ overflowing: false, moreLeft: false, moreRight: false });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => {
      const overflowing = element.scrollWidth > element.clientWidth + 1;
      const moreLeft = overflowing && element.scrollLeft > 1;
      const moreRight = overflowing && element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setState((current) =>
        current.overflowing === overflowing && current.moreLeft === moreLeft && current.moreRight === moreRight ? current : { overflowing, moreLeft, moreRight },
      );
    };
    // A control reached with the keyboard behind the sticky zone column is scrolled clear of it
    // (the browser scrolls it into the frame, not out from under the column).
    const reveal = (event: FocusEvent) => {
      const target = event.target;
      if (!(target instanceof HTMLElement) || target === element) return;
      const zone = element.querySelector("tbody .matrix-zone")?.getBoundingClientRect();
      if (!zone) return;
      const hidden = zone.right - target.getBoundingClientRect().left;
      if (hidden > 0) element.scrollLeft -= hidden + 8;
    };
    update();
    element.addEventListener("scroll", update, { passive: true });
    element.addEventListener("focusin", reveal);
    const observer = new ResizeObserver(update);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => {
      element.removeEventListener("scroll", update);
      element.removeEventListener("focusin", reveal);
      observer.disconnect();
    };
  }, []);
  return [ref, state] as const;
}
