import type { SupportLine, SupportLines } from "~/content/support-lines";

/** Digits and a leading + only, for tel: and sms: links; what people read stays as the organization wrote it. */
function dialable(number: string): string {
  return number.replace(/[^\d+]/g, "");
}

function LineWays({ line }: { line: SupportLine }) {
  return (
    <ul className="support-lines__ways">
      {line.phone ? (
        <li>
          Call <a href={`tel:${dialable(line.phone)}`}>{line.phone}</a>
        </li>
      ) : null}
      {line.textNumber ? (
        <li>
          Text <a href={`sms:${dialable(line.textNumber)}`}>{line.textNumber}</a>
        </li>
      ) : null}
      {line.website ? (
        <li>
          Website{" "}
          <a href={line.website} rel="noopener noreferrer">
            {line.website.replace(/^https?:\/\//, "")}
          </a>
        </li>
      ) : null}
    </ul>
  );
}

/**
 * Where to turn now, shown beside content notes and at the foot of every
 * module page. `headingLevel` keeps the page's outline right wherever it
 * sits; `compact` (inside a content note) labels it without a heading.
 */
export function SupportLinesPanel({
  supportLines,
  headingLevel = 2,
  compact = false,
}: {
  supportLines: SupportLines;
  headingLevel?: 2 | 3;
  compact?: boolean;
}) {
  const Heading = compact ? "p" : headingLevel === 2 ? "h2" : "h3";
  // Not a landmark: it sits inside content notes, which may themselves sit in the lesson's main region.
  return (
    <div className={compact ? "support-lines support-lines--compact" : "support-lines"}>
      <Heading className="support-lines__heading">If you are in distress now</Heading>
      <p>
        You can stop reading at any time. If you are in danger right now, call your local emergency number. To talk to
        someone:
      </p>
      <ul className="support-lines__list">
        {supportLines.lines.map((line) => (
          <li key={line.id}>
            <p className="support-lines__name">
              <strong>{line.name}</strong> ({line.region})
            </p>
            <LineWays line={line} />
            <p className="support-lines__hours">{line.hours}</p>
          </li>
        ))}
      </ul>
      {supportLines.isDefault ? (
        <p className="muted">Your organization has not added local lines yet. Ask your trainer which lines serve your area.</p>
      ) : null}
    </div>
  );
}
