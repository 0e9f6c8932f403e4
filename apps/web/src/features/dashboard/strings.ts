// Registers the dashboard strings (both languages) when the portfolio's «Tablero» view loads.
import { addFeatureStrings } from "../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("dashboard", { "es-MX": es, en });
