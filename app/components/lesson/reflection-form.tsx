import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { replyFieldError, replyFormError, type FormReply } from "~/forms/form-reply";
import type { ReflectionView } from "~/models/learning/lesson-view";
import { useDates } from "~/components/time";

const AUTOSAVE_DELAY_MS = 1500;

interface ReflectionFormProps {
  view: ReflectionView;
  sectionId: string;
  /** The answer to a plain form post (no JavaScript), when it was for this prompt. */
  submitted?: { error?: string; savedAt?: string };
}

type SaveResult = FormReply & { savedPromptId?: string; savedAt?: string };

/**
 * A private journal entry. Without JavaScript it is a plain form; with it,
 * the text saves itself a moment after the trainee stops typing.
 */
export function ReflectionForm({ view, sectionId, submitted }: ReflectionFormProps) {
  const saver = useFetcher<SaveResult>({ key: `reflection-${view.id}` });
  const sharer = useFetcher<SaveResult>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [dirty, setDirty] = useState(false);
  /** The text of the save on its way, to tell whether anything was typed after it. */
  const sentBody = useRef<FormDataEntryValue | null>(null);
  const fieldId = `reflection-${view.id}-body`;
  const statusId = `reflection-${view.id}-status`;

  useEffect(() => () => clearTimeout(timer.current), []);
  useEffect(() => {
    if (saver.state !== "idle" || !saver.data?.savedPromptId) return;
    const current = formRef.current ? new FormData(formRef.current).get("body") : null;
    // Words typed while the save was on its way are not saved yet (their own save is waiting).
    setDirty(current !== sentBody.current);
  }, [saver.state, saver.data]);

  const scheduleSave = () => {
    setDirty(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const form = formRef.current;
      if (!form) return;
      const body = new FormData(form).get("body");
      if (typeof body === "string" && body.trim()) {
        sentBody.current = body;
        saver.submit(form, { method: "post" });
      }
    }, AUTOSAVE_DELAY_MS);
  };

  // "Save reflection" sends the text at once; the autosave still waiting would only send it again.
  const sendNow = (event: FormEvent<HTMLFormElement>) => {
    clearTimeout(timer.current);
    sentBody.current = new FormData(event.currentTarget).get("body");
  };

  const error = saver.data ? (replyFieldError(saver.data, "body") ?? replyFormError(saver.data)) : submitted?.error;
  const savedAt = saver.data?.savedAt ?? submitted?.savedAt;
  const dates = useDates();
  const status =
    saver.state !== "idle"
      ? "Saving…"
      : error
        ? ""
        : dirty
          ? "Not saved yet."
          : savedAt
            ? `Saved at ${dates.clock(savedAt)}.`
            : view.saved
              ? `Saved ${dates.day(view.saved.updatedAt)}.`
              : "";
  const shared = view.saved?.visibility === "shared";

  return (
    <section className="reflection" id={`reflection-${view.id}`} aria-labelledby={`${fieldId}-label`}>
      <saver.Form method="post" ref={formRef} preventScrollReset action={`?section=${sectionId}`} onSubmit={sendNow}>
        <input type="hidden" name="intent" value="save-reflection" />
        <input type="hidden" name="promptId" value={view.id} />
        <input type="hidden" name="section" value={sectionId} />
        <p className="reflection__label">Reflection{view.required ? "" : " (optional)"}</p>
        <label htmlFor={fieldId} id={`${fieldId}-label`} className="reflection__prompt">
          {view.prompt}
        </label>
        <p className="field__hint" id={`${fieldId}-hint`}>
          Private: only you can read this. Your trainers see only how many reflections you have answered, unless you
          choose to share this one with them. Write as much or as little as feels right.
        </p>
        {error ? (
          <p className="field__error" id={`${fieldId}-error`} role="alert">
            {error}
          </p>
        ) : null}
        <textarea
          id={fieldId}
          name="body"
          rows={6}
          maxLength={20000}
          defaultValue={view.saved?.body ?? ""}
          onChange={scheduleSave}
          aria-describedby={[`${fieldId}-hint`, error ? `${fieldId}-error` : null, statusId].filter(Boolean).join(" ")}
        />
        <div className="reflection__actions">
          <button type="submit" className="button">
            Save reflection
          </button>
          <span id={statusId} className="muted" role="status" aria-live="polite">
            {status}
          </span>
        </div>
      </saver.Form>
      {view.saved ? (
        <sharer.Form method="post" preventScrollReset action={`?section=${sectionId}`} className="reflection__sharing">
          <input type="hidden" name="intent" value={shared ? "unshare-reflection" : "share-reflection"} />
          <input type="hidden" name="reflectionId" value={view.saved.id} />
          <p>{shared ? "Shared with your trainers." : "Private: only you can read it. Your trainers see only a count."}</p>
          <button type="submit" className="button button--secondary button--small">
            {shared ? "Stop sharing" : "Share with my trainers"}
          </button>
        </sharer.Form>
      ) : null}
    </section>
  );
}
