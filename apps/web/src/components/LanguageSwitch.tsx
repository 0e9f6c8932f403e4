import { useState } from "react";
import { useTranslation } from "react-i18next";
import { currentLanguage, languages, setLanguage, type Language } from "../i18n";

/**
 * Two toggle buttons rather than a select: one click, visible state (aria-pressed), and each
 * language name is marked with its own lang so it is pronounced correctly.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const [pending, setPending] = useState<Language | null>(null);
  const active = currentLanguage();

  function choose(language: Language) {
    if (language === active) return;
    setPending(language);
    setLanguage(language).then(
      () => setPending(null),
      () => setPending(null),
    );
  }

  return (
    <div className="language-switch" role="group" aria-label={t("language.label")}>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language-option"
          aria-pressed={language === active}
          aria-busy={pending === language || undefined}
          onClick={() => choose(language)}
        >
          {t(`language.${language}`)}
        </button>
      ))}
    </div>
  );
}
