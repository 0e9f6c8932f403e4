// Registers the territory strings (both languages) when a chunk that shows them loads: the
// portfolio map, the project's «Territorio» tab (and the admin's territory page).
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("territory", { "es-MX": es, en });
