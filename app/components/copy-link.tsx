import { useEffect, useState } from "react";

/**
 * A link for someone to pass on by hand. Without JavaScript it is text in a
 * read-only field, to select and copy; with it, a button copies it and a live region says
 * "Copied" (or that copying failed) to screen readers and sighted people alike.
 */
export function CopyLink({ id, label, url }: { id: string; label: string; url: string }) {
  const [canCopy, setCanCopy] = useState(false);
  const [status, setStatus] = useState("");
  // The clipboard exists only in the browser (and only on https or localhost), so the button appears after hydration.
  useEffect(() => setCanCopy(typeof navigator.clipboard?.writeText === "function"), []);
  const copy = async () => {
    // Cleared first, so a second copy is announced again.
    setStatus("");
    try {
      await navigator.clipboard.writeText(url);
      requestAnimationFrame(() => setStatus("Copied"));
    } catch {
      setStatus("Could not copy. Select the link and copy it yourself.");
    }
  };
  return (
    <div className="copy-link">
      <label htmlFor={id}>{label}</label>
      <div className="copy-link__row">
        <input id={id} className="copy-field" readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        {canCopy ? (
          <button type="button" className="button button--secondary" onClick={copy}>
            Copy<span className="visually-hidden"> the {label.toLowerCase()}</span>
          </button>
        ) : null}
      </div>
      {/* A live region of its own, not role="status": the link usually sits inside a status notice already. */}
      <p className="copy-link__status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
