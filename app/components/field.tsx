import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

/**
 * What a field needs from conform's `useForm`: its name, the key that changes
 * when the form is reset, the value to show (what was typed, sent back with a
 * refusal) and its errors. A conform `FieldMetadata` is one.
 */
export interface FieldState {
  name: string;
  key?: string;
  defaultValue?: string;
  errors?: string[];
}

interface FrameProps {
  label: ReactNode;
  meta: FieldState;
  /** A hint shown under the label and announced with the control. */
  description?: ReactNode;
  /** Keeps ids unique when one page has several forms with the same field names. */
  idPrefix?: string;
}

/**
 * The ids, error and aria attributes of a field: `field-<name>` (tests and
 * focus links use these), its hint `-hint` and its error `-error`, both
 * referred to by aria-describedby, and aria-invalid while it has an error.
 */
function describe({ meta, description, idPrefix }: FrameProps) {
  const id = idPrefix ? `field-${idPrefix}-${meta.name}` : `field-${meta.name}`;
  const error = meta.errors?.[0];
  const describedBy = [description ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return {
    id,
    error,
    control: { id, name: meta.name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy || undefined },
  };
}

function FieldFrame({ id, error, label, description, children }: { id: string; error?: string; label: ReactNode; description?: ReactNode; children: ReactNode }) {
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {description ? (
        <p className="field__hint" id={`${id}-hint`}>
          {description}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "name" | "type" | "defaultValue"> & { type?: "text" | "email" | "password" | "search" | "date" | "number" | "url" | "tel" };

/** A labelled input whose hint and error are announced with it. Required unless told otherwise. */
export function Field({ label, meta, description, idPrefix, required = true, type = "text", ...rest }: FrameProps & InputProps) {
  const { id, error, control } = describe({ label, meta, description, idPrefix });
  return (
    <FieldFrame id={id} error={error} label={label} description={description}>
      <input key={meta.key} {...control} type={type} required={required} defaultValue={meta.defaultValue} {...rest} />
    </FieldFrame>
  );
}

type TextareaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id" | "name" | "defaultValue">;

export function TextareaField({ label, meta, description, idPrefix, ...rest }: FrameProps & TextareaProps) {
  const { id, error, control } = describe({ label, meta, description, idPrefix });
  return (
    <FieldFrame id={id} error={error} label={label} description={description}>
      <textarea key={meta.key} {...control} defaultValue={meta.defaultValue} {...rest} />
    </FieldFrame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "name" | "defaultValue">;

/** A labelled select; its options are the children. */
export function SelectField({ label, meta, description, idPrefix, children, ...rest }: FrameProps & SelectProps) {
  const { id, error, control } = describe({ label, meta, description, idPrefix });
  return (
    <FieldFrame id={id} error={error} label={label} description={description}>
      <select key={meta.key} {...control} defaultValue={meta.defaultValue} {...rest}>
        {children}
      </select>
    </FieldFrame>
  );
}
