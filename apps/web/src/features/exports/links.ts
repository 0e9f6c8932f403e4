// Where the server's exports are downloaded from: plain links, which the browser follows with the
// session cookie, naming the file from Content-Disposition. The addresses come from the typed API
// client (api/endpoints.ts), so a route changed on the server stops compiling here.
import { api } from "../../api/endpoints";

export type StudyFormat = "pdf" | "docx" | "html" | "md";
export type ReviewFormat = "csv" | "json";
export const STUDY_FORMATS: readonly StudyFormat[] = ["pdf", "docx", "html", "md"];
export const REVIEW_FORMATS: readonly ReviewFormat[] = ["csv", "json"];

/** A text document (live) or one of its versions, in a format. */
export const studyExportUrl = (documentId: string, format: StudyFormat, versionId?: string): string => api.exports.document(documentId, format, versionId);

/** A review round's decisions as a table or as data. */
export const reviewExportUrl = (reviewId: string, format: ReviewFormat): string => api.exports.review(reviewId, format);

/** The project's dossier (expediente): a ZIP with its manifest of SHA-256 hashes. */
export const dossierUrl = (projectId: string): string => api.exports.dossier(projectId);
