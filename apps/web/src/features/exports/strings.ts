// Registers the export strings (both languages) when a chunk that offers an export loads.
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("exports", { "es-MX": es, en });
