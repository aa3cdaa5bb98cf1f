/**
 * What a trainee sees about crisis and support lines. Shared by server and
 * browser code (no database here), so a component can import it safely.
 */
export interface SupportLine {
  id: string;
  name: string;
  phone: string | null;
  textNumber: string | null;
  website: string | null;
  hours: string;
  region: string;
}

export interface SupportLines {
  lines: SupportLine[];
  /** True when the organization has set none and the built-in default is shown. */
  isDefault: boolean;
}

/**
 * Shown until an organization sets its own lines. Canada's 9-8-8 Suicide
 * Crisis Helpline (call or text, any time, English and French; Public Health
 * Agency of Canada and CAMH, 2023). Operators in other countries replace it
 * in the admin settings: the page asks them to.
 */
export const DEFAULT_SUPPORT_LINES: SupportLine[] = [
  {
    id: "default-988-canada",
    name: "9-8-8 Suicide Crisis Helpline",
    phone: "9-8-8",
    textNumber: "9-8-8",
    website: "https://988.ca",
    hours: "Any time, day or night. English and French.",
    region: "Canada",
  },
];
