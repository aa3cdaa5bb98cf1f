import { LEVEL_LABELS, type CompetencyLevel } from "~/models/competencies/competency-level";

/*
 * A server-rendered SVG bar chart of competency levels. Readable in black and
 * white: each step has its own pattern (lines, cross-hatch, solid), bars grow
 * by whole steps, and every bar carries its level as a word. The CSP forbids
 * style attributes, so only SVG presentation attributes and classes are used.
 * Screen readers get one summary sentence; the table beside it has the data.
 */

export interface ChartRow {
  id: string;
  title: string;
  level: CompetencyLevel;
}

export interface ChartGroup {
  title: string;
  rows: ChartRow[];
}

/** The steps a bar can fill, in order, each with the pattern the legend shows. */
export const CHART_STEPS = [
  { level: "developing", pattern: "competency-pattern-developing" },
  { level: "demonstrated", pattern: "competency-pattern-demonstrated" },
  { level: "verified", pattern: "competency-pattern-verified" },
] as const satisfies readonly { level: CompetencyLevel; pattern: string }[];

const STEP_OF: Record<CompetencyLevel, number> = { "not-yet": 0, developing: 1, demonstrated: 2, verified: 3 };

const WIDTH = 360;
const LINE = 19;
const CELL_WIDTH = 68;
const CELL_GAP = 4;
const CELL_HEIGHT = 18;
const ROW_GAP = 14;
const GROUP_HEADING = 30;
const MAX_LINE_CHARS = 38;

/** Word-wraps a title into at most two lines that fit the chart. */
export function wrapLabel(text: string, maxChars = MAX_LINE_CHARS): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (!line) line = word;
    else if (line.length + 1 + word.length <= maxChars) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= 2) return lines;
  const second = lines.slice(1).join(" ");
  return [lines[0]!, `${second.slice(0, maxChars - 1).replace(/\s+\S*$/, "")}…`];
}

/** The patterns the chart, its legend and the level meters share; rendered once per page. */
export function CompetencyPatterns() {
  return (
    <svg className="competency-patterns" aria-hidden="true" focusable="false" width="0" height="0">
      <defs>
        <pattern id="competency-pattern-developing" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#ffffff" />
          <line x1="1.5" y1="0" x2="1.5" y2="6" stroke="#1f5f8b" strokeWidth="2.2" />
        </pattern>
        <pattern id="competency-pattern-demonstrated" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" fill="#ffffff" />
          <path d="M0 0L6 6M6 0L0 6" stroke="#2a6b3d" strokeWidth="1.6" />
        </pattern>
        <pattern id="competency-pattern-verified" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" fill="#1d2327" />
        </pattern>
      </defs>
    </svg>
  );
}

/** Three cells, filled up to the level: the same picture as a chart bar, as small as a word. */
export function LevelMeter({ level }: { level: CompetencyLevel }) {
  const step = STEP_OF[level];
  return (
    <svg className="level-meter" viewBox="0 0 62 14" width="62" height="14" aria-hidden="true" focusable="false">
      {CHART_STEPS.map((s, index) => (
        <rect
          key={s.level}
          x={index * 21 + 0.75}
          y="0.75"
          width="18.5"
          height="12.5"
          fill={index < step ? `url(#${s.pattern})` : "#ffffff"}
          stroke="#1d2327"
          strokeWidth="1.5"
        />
      ))}
    </svg>
  );
}

export function ChartLegend() {
  return (
    <ul className="chart-legend" aria-label="Key to the chart">
      <li>
        <svg viewBox="0 0 18 14" width="18" height="14" aria-hidden="true" focusable="false">
          <rect x="0.75" y="0.75" width="16.5" height="12.5" fill="#ffffff" stroke="#1d2327" strokeWidth="1.5" />
        </svg>
        Empty: not yet
      </li>
      {CHART_STEPS.map((s) => (
        <li key={s.level}>
          <svg viewBox="0 0 18 14" width="18" height="14" aria-hidden="true" focusable="false">
            <rect x="0.75" y="0.75" width="16.5" height="12.5" fill={`url(#${s.pattern})`} stroke="#1d2327" strokeWidth="1.5" />
          </svg>
          {LEVEL_LABELS[s.level]}
        </li>
      ))}
    </ul>
  );
}

export function CompetencyChart({ groups, titleId, summary }: { groups: ChartGroup[]; titleId: string; summary: string }) {
  const parts: JSX.Element[] = [];
  let y = 0;
  for (const [g, group] of groups.entries()) {
    y += g === 0 ? 18 : 28;
    const heading = wrapLabel(group.title, 36);
    parts.push(
      <text key={`group-${g}`} x="0" y={y} className="chart__group">
        {heading.map((line, i) => (
          <tspan key={i} x="0" dy={i === 0 ? 0 : LINE}>
            {line}
          </tspan>
        ))}
      </text>,
    );
    y += (heading.length - 1) * LINE + GROUP_HEADING - 18;
    for (const row of group.rows) {
      const lines = wrapLabel(row.title);
      const step = STEP_OF[row.level];
      const labelTop = y;
      y += lines.length * LINE;
      const barTop = y + 4;
      parts.push(
        <g key={row.id}>
          <text x="0" y={labelTop + 15} className="chart__label">
            {lines.map((line, i) => (
              <tspan key={i} x="0" dy={i === 0 ? 0 : LINE}>
                {line}
              </tspan>
            ))}
          </text>
          {CHART_STEPS.map((s, i) => (
            <rect
              key={s.level}
              x={i * (CELL_WIDTH + CELL_GAP) + 1}
              y={barTop}
              width={CELL_WIDTH}
              height={CELL_HEIGHT}
              fill={i < step ? `url(#${s.pattern})` : "#ffffff"}
              stroke="#1d2327"
              strokeWidth="1.5"
            />
          ))}
          <text x={3 * (CELL_WIDTH + CELL_GAP) + 6} y={barTop + 14.5} className="chart__level">
            {LEVEL_LABELS[row.level]}
          </text>
        </g>,
      );
      y = barTop + CELL_HEIGHT + ROW_GAP;
    }
  }
  const height = Math.ceil(y);
  return (
    <svg
      className="competency-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width={WIDTH}
      height={height}
      role="img"
      aria-labelledby={titleId}
      focusable="false"
    >
      <title id={titleId}>{summary}</title>
      {parts}
    </svg>
  );
}
