// The page's h1, which takes focus when the route changes (so screen readers announce it)
// and names the tab.
import { useEffect, useRef } from "preact/hooks";

export function PageTitle({ children }: { children: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} · Integration Copilot`;
    heading.current?.focus();
  }, [children]);
  return (
    <h1 tabIndex={-1} ref={heading}>
      {children}
    </h1>
  );
}
