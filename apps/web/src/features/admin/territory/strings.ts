// Registers the admin territory page's strings (both languages) when its chunk loads.
import { addFeatureStrings } from "../../../i18n";
import en from "./i18n/en.json";
import es from "./i18n/es-MX.json";

addFeatureStrings("territoryAdmin", { "es-MX": es, en });
