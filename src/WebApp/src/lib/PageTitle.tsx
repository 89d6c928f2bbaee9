import { useEffect, useRef, type ReactNode } from "react";

/**
 * The page's one h1. It sets the document title and takes focus when the page opens, so a screen-reader or
 * keyboard user who navigated lands on the new page's heading instead of wherever the old page left focus.
 */
export function PageTitle({ children, id }: { children: ReactNode; id?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const text = typeof children === "string" ? children : undefined;
  useEffect(() => {
    if (text) document.title = `${text} · Planck`;
    heading.current?.focus({ preventScroll: true });
  }, [text]);
  return (
    <h1 ref={heading} id={id} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
