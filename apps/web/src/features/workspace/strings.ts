// Registers the workspace strings (both languages) when a chunk that shows them loads. Every entry
// of this area (portfolio board, project workspace, document page) imports this module first.
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("workspace", { "es-MX": es, en });
