import type { ReactNode } from "react";
import type { FormFailure } from "~/forms/parse-form.server";

export type ActionResult = (FormFailure & { done?: string }) | undefined;

export function FormErrorSummary({ result }: { result: ActionResult }) {
  if (!result?.formError) return null;
  return (
    <div className="notice notice--error" role="alert">
      <p>{result.formError}</p>
    </div>
  );
}

/** The form's own messages (conform's `form.errors`), announced when they appear. */
export function ErrorSummary({ errors }: { errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div className="notice notice--error" role="alert">
      {errors.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice--success" role="status">
      {children}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  name: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  defaultValue?: string;
  hint?: string;
  error?: string;
  required?: boolean;
  maxLength?: number;
  /** Keeps ids unique when one page has several forms with the same field names. */
  idPrefix?: string;
}

/** A labelled input whose hint and error are announced with it. */
export function TextField({ label, name, type = "text", hint, error, required = true, idPrefix, ...rest }: TextFieldProps) {
  const id = idPrefix ? `field-${idPrefix}-${name}` : `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type={type}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...rest}
      />
    </div>
  );
}
