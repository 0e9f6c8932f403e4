// Registers the reviews strings (both languages) when a chunk that shows reviews loads (the
// workspace's «Revisiones» tab, the round page, the submit dialog, the portfolio's badges, the inbox).
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("reviews", { "es-MX": es, en });
