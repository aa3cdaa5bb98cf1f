import { Form } from "@remix-run/react";

interface RowActionFormProps {
  /** Hidden fields naming the row and what to do to it, e.g. `{ intent: "remove", userId }`. */
  fields: Record<string, string>;
  /** The button's visible words. */
  label: string;
  /** Which row, read out after the label: a table of "Remove" buttons needs each to say whose. */
  detail: string;
  tone?: "primary" | "secondary" | "danger";
  small?: boolean;
  /** A name and value the button itself sends, for two buttons that differ only in the answer. */
  submit?: [name: string, value: string];
}

/** One button that acts on one row of a table or list: a plain form, so it works without JavaScript. */
export function RowActionForm({ fields, label, detail, tone = "secondary", small = true, submit }: RowActionFormProps) {
  const className = ["button", small ? "button--small" : null, tone === "primary" ? null : `button--${tone}`].filter(Boolean).join(" ");
  return (
    <Form method="post">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className} name={submit?.[0]} value={submit?.[1]}>
        {label}
        <span className="visually-hidden"> {detail}</span>
      </button>
    </Form>
  );
}
