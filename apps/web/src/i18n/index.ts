// i18n setup: Spanish (es-MX) is bundled and the default; English is fetched from its own chunk the
// first time someone switches to it. The chosen language is remembered in localStorage and mirrored
// on <html lang>, so screen readers pronounce the page in the right language (WCAG 3.1.1).
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import esMX from "./es-MX.json";
import type workspaceStrings from "../features/workspace/i18n/es-MX.json";
import type editorStrings from "../features/editor/i18n/es-MX.json";
import type canvasStrings from "../features/canvas/i18n/es-MX.json";
import type commentsStrings from "../features/comments/i18n/es-MX.json";
import type inboxStrings from "../features/inbox/i18n/es-MX.json";
import type diffStrings from "../features/diff/i18n/es-MX.json";
import type reviewsStrings from "../features/reviews/i18n/es-MX.json";
import type versionsStrings from "../features/versions/i18n/es-MX.json";
import type meetingsStrings from "../features/meetings/i18n/es-MX.json";
import type exportsStrings from "../features/exports/i18n/es-MX.json";
import type followUpStrings from "../features/follow-up/i18n/es-MX.json";
import type alertsStrings from "../features/follow-up/alerts/i18n/es-MX.json";
import type dashboardStrings from "../features/dashboard/i18n/es-MX.json";
import type territoryAdminStrings from "../features/admin/territory/i18n/es-MX.json";
import type territoryStrings from "../features/territory/i18n/es-MX.json";

export const languages = ["es-MX", "en"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "es-MX";

const storageKey = "taller.language";

/**
 * Feature areas keep their strings beside their code (features/<area>/i18n/{es-MX,en}.json) and
 * register them with `addFeatureStrings` when their chunk loads, so a route's strings travel
 * with its code. Their Spanish files type-check the keys, like the app's own.
 */
export type FeatureNamespace = "workspace" | "editor" | "canvas" | "comments" | "inbox" | "reviews" | "versions" | "diff" | "exports" | "meetings" | "followUp" | "alerts" | "dashboard" | "territoryAdmin" | "territory";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: {
      translation: typeof esMX;
      workspace: typeof workspaceStrings;
      editor: typeof editorStrings;
      canvas: typeof canvasStrings;
      comments: typeof commentsStrings;
      inbox: typeof inboxStrings;
      diff: typeof diffStrings;
      reviews: typeof reviewsStrings;
      versions: typeof versionsStrings;
      meetings: typeof meetingsStrings;
      exports: typeof exportsStrings;
      followUp: typeof followUpStrings;
      alerts: typeof alertsStrings;
      dashboard: typeof dashboardStrings;
      territoryAdmin: typeof territoryAdminStrings;
      territory: typeof territoryStrings;
    };
  }
}

/** Registers a feature's strings in both languages (idempotent). Call at module level of the feature's entry. */
export function addFeatureStrings(namespace: FeatureNamespace, strings: Record<Language, object>): void {
  for (const language of languages) {
    if (!i18next.hasResourceBundle(language, namespace)) {
      i18next.addResourceBundle(language, namespace, strings[language], true, true);
    }
  }
}

function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(storageKey);
    return isLanguage(value) ? value : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

const loaders: Record<Language, () => Promise<Record<string, unknown>>> = {
  "es-MX": async () => esMX,
  en: async () => (await import("./en.json")).default,
};

async function ensureLoaded(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, "translation")) return;
  i18next.addResourceBundle(language, "translation", await loaders[language](), true, true);
}

/** Initializes i18next before the first render, with the remembered language already loaded. */
export async function initI18n(): Promise<void> {
  const language = storedLanguage();
  i18next.on("languageChanged", (lng) => {
    document.documentElement.lang = lng;
  });
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...languages],
    resources: { "es-MX": { translation: esMX } },
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await ensureLoaded(language);
  // i18next resolved the language before its strings were added (English loads lazily); resolve
  // again so resolvedLanguage, which formats and the language switch read, is the chosen one.
  if (i18next.resolvedLanguage !== language) await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** Switches the UI language, loading its strings first so nothing flashes untranslated. */
export async function setLanguage(language: Language): Promise<void> {
  await ensureLoaded(language);
  await i18next.changeLanguage(language);
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Storage may be disabled by policy; the choice then lasts for this page only.
  }
}

export function currentLanguage(): Language {
  const language = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(language) ? language : defaultLanguage;
}
