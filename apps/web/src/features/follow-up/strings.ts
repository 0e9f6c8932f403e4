// Registers the follow-up strings (both languages) when the workspace's «Seguimiento» tab loads.
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("followUp", { "es-MX": es, en });
