// Registers the meetings strings (both languages) when a chunk that shows meetings loads (the list,
// a meeting's page, meeting mode, the «Sesiones» box on a review round).
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("meetings", { "es-MX": es, en });
