// A layer import as the admin page sends it: the file is read in the browser (with progress),
// checked to be JSON, and posted with its kind and name as one JSON body through XMLHttpRequest,
// whose upload events report how much has been sent (fetch has none). Answers go through the
// same reading as every other call (ApiError with the server's code and details).
import { ApiError, reportUnauthenticated } from "../../../api";
import { apiErrorOf } from "../../../api/client";

export type ImportProgress = { phase: "reading" | "sending"; fraction: number } | { phase: "validating" };

/** The file's text, reporting the fraction read. */
export function readFileText(file: File, onProgress: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    reader.onload = () => resolve(typeof reader.result === "string" ? reader.result : "");
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.readAsText(file);
  });
}

/** Whether a file's text is JSON. */
export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * POSTs `{...fields, geojson}` to `url` with the GeoJSON text spliced in as is (already checked
 * to be JSON: it is not parsed and written again), reporting the fraction sent, then that the
 * server is working. Resolves with the server's answer; rejects with ApiError.
 */
export function postJsonWithProgress<T>(url: string, fields: Record<string, unknown>, geojsonText: string, onProgress: (progress: ImportProgress) => void): Promise<T> {
  const head = JSON.stringify(fields);
  const body = `${head.slice(0, -1)}${head.length > 2 ? "," : ""}"geojson":${geojsonText}}`;
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.withCredentials = false;
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable || event.total === 0) return;
      onProgress(event.loaded < event.total ? { phase: "sending", fraction: event.loaded / event.total } : { phase: "validating" });
    };
    xhr.upload.onload = () => onProgress({ phase: "validating" });
    xhr.onerror = () => reject(new ApiError(0, "network_error", "Network request failed"));
    xhr.onload = () => {
      const response = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: { "Content-Type": "application/json" } });
      if (xhr.status >= 200 && xhr.status < 300) {
        response.json().then((answer) => resolve(answer as T), reject);
        return;
      }
      if (xhr.status === 401) reportUnauthenticated();
      void apiErrorOf(response).then(reject);
    };
    xhr.send(body);
  });
}
