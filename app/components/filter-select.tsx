interface FilterSelectProps {
  id: string;
  name: string;
  label: string;
  /** The first choice, which filters nothing: "Any programme". */
  any: string;
  /** The value "any" sends; the address leaves the filter out when it is empty. */
  anyValue?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  defaultValue?: string;
}

/** A select of a GET filter form whose first choice is "Any …". */
export function FilterSelect({ id, name, label, any, anyValue = "", options, defaultValue }: FilterSelectProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={defaultValue}>
        <option value={anyValue}>{any}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
