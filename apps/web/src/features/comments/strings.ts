// Registers the comments strings (both languages) when a chunk that shows comments loads.
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("comments", { "es-MX": es, en });
