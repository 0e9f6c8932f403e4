import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

// The first page rendered after load must not steal focus (the browser starts at the top and the
// skip link must stay first); every later page takes focus on its heading, so screen-reader users
// hear where a client-side navigation took them (WCAG 2.4.3, 4.1.3).
let isFirstPage = true;

/** The page's h1; also sets document.title ("<title> · Taller") for WCAG 2.4.2. */
export function PageHeading({ children, title, id }: { children: ReactNode; title: string; id?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLHeadingElement>(null);
  const appName = t("app.name");

  useEffect(() => {
    document.title = `${title} · ${appName}`;
  }, [title, appName]);

  useEffect(() => {
    if (isFirstPage) {
      isFirstPage = false;
      return;
    }
    ref.current?.focus({ preventScroll: false });
  }, []);

  return (
    <h1 ref={ref} id={id} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
