// Registers the versions strings (both languages) when a chunk that shows versions loads.
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("versions", { "es-MX": es, en });
