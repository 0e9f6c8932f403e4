// Registers the inbox strings (both languages) when the inbox chunk loads.
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("inbox", { "es-MX": es, en });
