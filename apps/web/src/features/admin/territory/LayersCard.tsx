import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { LAYER_KINDS } from "@taller/domain/vocabulary";
import { territoryAdminQueries, type LayerVersion } from "../../../api/territory-admin";
import { ErrorAlert } from "../../../components/Alert";
import { CardTitle, ListStates, TableHead, TableScroll } from "../../../components/Lists";
import { useFormat } from "../../../i18n/format";

const collator = new Intl.Collator("es", { sensitivity: "base", numeric: true });

/** Versions of one layer together: by kind, then name, the current one first, then newest first. */
function byLayer(a: LayerVersion, b: LayerVersion): number {
  return (
    LAYER_KINDS.indexOf(a.kind) - LAYER_KINDS.indexOf(b.kind) ||
    collator.compare(a.name, b.name) ||
    Number(b.current) - Number(a.current) ||
    b.importedAt.localeCompare(a.importedAt)
  );
}

/** Every imported layer with its versions: when, by whom, how many features, from which CRS. */
export function LayersCard() {
  const { t } = useTranslation("territoryAdmin");
  const format = useFormat();
  const layers = useQuery(territoryAdminQueries.layerVersions());
  const list = layers.data?.layers.slice().sort(byLayer);
  const current = list?.filter((layer) => layer.current).length;
  return (
    <section className="card" aria-labelledby="layers-title">
      <CardTitle id="layers-title" note={current === undefined ? null : t("layers.count", { count: current })}>
        {t("layers.title")}
      </CardTitle>
      <ListStates
        items={list}
        failure={layers.isError ? <ErrorAlert error={layers.error} title={t("layers.error")} onRetry={() => void layers.refetch()} /> : null}
        loadingLabel={t("layers.title")}
        emptyTitle={t("layers.empty")}
      >
        {(rows) => (
          <TableScroll labelledBy="layers-title">
            <table className="table table-compact layers-table">
              <TableHead
                columns={[
                  t("layers.layer"),
                  t("layers.kind"),
                  t("layers.status"),
                  t("layers.importedAt"),
                  t("layers.importedBy"),
                  { numeric: t("layers.features") },
                  t("layers.sourceCrs"),
                ]}
              />
              <tbody>
                {rows.map((layer) => (
                  <tr key={layer.id} className={layer.current ? undefined : "layer-superseded"}>
                    <th scope="row">{layer.name}</th>
                    <td>{t(`kinds.${layer.kind}`)}</td>
                    <td>
                      {layer.current ? (
                        <span className="badge layer-current">{t("layers.current")}</span>
                      ) : (
                        <span className="muted">{t("layers.superseded", { date: layer.supersededAt ? format.date(layer.supersededAt) : "—" })}</span>
                      )}
                    </td>
                    <td>
                      <time dateTime={layer.importedAt}>{format.dateTime(layer.importedAt)}</time>
                    </td>
                    <td>{layer.importedBy?.name ?? "—"}</td>
                    <td className="numeric">{format.number(layer.features)}</td>
                    <td className="clave">{layer.sourceCrs ?? "EPSG:4326"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </ListStates>
    </section>
  );
}
