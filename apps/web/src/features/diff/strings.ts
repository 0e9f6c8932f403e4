// Registers the diff strings (both languages) when a chunk that shows a diff loads.
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("diff", { "es-MX": es, en });
