import { formatUtcDay } from "~/time-format";
import { LEVEL_LABELS, type CompetencyLevel } from "~/models/competencies/competency-level";

/** What a record says it covers, as it was when issued. */
export interface RecordSummaryView {
  modules: { slug: string; title: string }[];
  competencies: { code: string; title: string; level: CompetencyLevel; minLevel: string; frameworkTitle: string }[];
  signOff: { by: string; at: string } | null;
}

export function RecordSummaryDetails({ summary, headingLevel = 2 }: { summary: RecordSummaryView; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <>
      {summary.competencies.length > 0 ? (
        <>
          <Heading>Competencies covered</Heading>
          <ul className="record-competencies">
            {summary.competencies.map((c) => (
              <li key={c.code}>
                {c.title} <span className="muted">({c.code}, {c.frameworkTitle})</span>: {LEVEL_LABELS[c.level]}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {summary.modules.length > 0 ? (
        <>
          <Heading>Modules completed</Heading>
          <ul>
            {summary.modules.map((m) => (
              <li key={m.slug}>{m.title}</li>
            ))}
          </ul>
        </>
      ) : null}
      {summary.signOff ? (
        <p>
          Signed off as ready by {summary.signOff.by} on {formatUtcDay(summary.signOff.at)}.
        </p>
      ) : null}
    </>
  );
}
