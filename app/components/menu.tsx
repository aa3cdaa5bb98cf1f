import { useEffect, useRef, type ReactNode } from "react";

/**
 * A <details> drop-down. Only one is open at a time (same name); Escape or a
 * tap elsewhere closes it; a new page starts with it closed.
 */
export function Menu({
  label,
  hiddenLabel,
  className,
  children,
}: {
  label: ReactNode;
  /** Read before the label by screen readers, e.g. "Organization: ". */
  hiddenLabel?: string;
  /** Extra classes, e.g. to place the list differently. */
  className?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    function onPointerDown(event: PointerEvent) {
      const details = ref.current;
      if (details?.open && !details.contains(event.target as Node)) details.open = false;
    }
    function onKeyDown(event: KeyboardEvent) {
      const details = ref.current;
      if (event.key !== "Escape" || !details?.open) return;
      const focusWasInside = details.contains(document.activeElement);
      details.open = false;
      if (focusWasInside) details.querySelector("summary")?.focus();
    }
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, []);
  return (
    <details className={className ? `menu ${className}` : "menu"} name="site-menu" ref={ref}>
      <summary>
        {hiddenLabel ? <span className="visually-hidden">{hiddenLabel}</span> : null}
        <span className="menu__label">{label}</span>
      </summary>
      <ul className="menu__list">{children}</ul>
    </details>
  );
}

