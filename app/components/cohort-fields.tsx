interface DateFieldProps {
  label: string;
  name: string;
  defaultValue?: string | null;
  hint?: string;
  error?: string;
  required?: boolean;
  /** A field inside a table row: the label is read out but not shown. */
  hiddenLabel?: boolean;
  id?: string;
}

/** A labelled date input whose hint and error are announced with it. */
export function DateField({ label, name, defaultValue, hint, error, required = true, hiddenLabel, id: givenId }: DateFieldProps) {
  const id = givenId ?? `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={id} className={hiddenLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
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
        type="date"
        required={required}
        defaultValue={defaultValue ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

interface TrainerChoice {
  id: string;
  name: string;
  email: string;
  role: string;
}

/**
 * Checkboxes for a cohort's trainers. A trainer filling in the form is
 * always one of them (the model adds them), so they are named, not offered.
 */
export function TrainerCheckboxes({
  candidates,
  checked,
  viewer,
  error,
}: {
  candidates: TrainerChoice[];
  checked: string[];
  viewer: { id: string; role: string };
  error?: string;
}) {
  const others = candidates.filter((c) => !(viewer.role === "trainer" && c.id === viewer.id));
  return (
    <fieldset className={error ? "field checkbox-group field--error" : "field checkbox-group"} aria-describedby={error ? "field-trainerIds-error" : undefined}>
      <legend>Trainers</legend>
      {viewer.role === "trainer" ? <p className="field__hint">You are one of the trainers. Choose anyone who trains with you.</p> : null}
      {error ? (
        <p className="field__error" id="field-trainerIds-error">
          {error}
        </p>
      ) : null}
      {others.length === 0 ? <p className="muted">There are no other trainers in this organization yet.</p> : null}
      {others.map((candidate) => (
        <div className="option" key={candidate.id}>
          <input type="checkbox" name="trainerIds" value={candidate.id} id={`trainer-${candidate.id}`} defaultChecked={checked.includes(candidate.id)} />
          <label htmlFor={`trainer-${candidate.id}`}>
            {candidate.name} <span className="muted">({candidate.role}, {candidate.email})</span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}
