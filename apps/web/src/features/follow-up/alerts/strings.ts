// Registers the alert strings (both languages): small, for the portfolio's badges and the overview's card.
import { addFeatureStrings } from "../../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("alerts", { "es-MX": es, en });
