import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireCohortManager } from "~/auth/permissions.server";
import { CountOf, StatusBadge } from "~/components/cohort-progress";
import type { CellStatus } from "~/models/cohorts/cohort-progress.server";
import { formatDay } from "~/time-format";
import { matrixQueryFrom } from "~/forms/cohort-fields";
import { loadCohortProgressPage } from "~/models/cohorts/cohort-progress.server";
import { cohortSectionMeta } from "./cohorts.$cohortId";

export const meta = cohortSectionMeta("Progress");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, cohortId } = await requireCohortManager(context, request, params.orgSlug, params.cohortId);
  const query = matrixQueryFrom(new URL(request.url).searchParams);
  return {
    base: `/o/${organization.slug}/teach`,
    cohortId,
    ...(await loadCohortProgressPage({ organizationId: organization.id, cohortId, query })),
  };
}

/** How many names of trainees who have not started anything the summary lists before pointing to the table. */
const NAMES_SHOWN = 40;

/**
 * Up to this many modules the table fits a 1280 px screen without scrolling
 * sideways; with more it sits in a labelled region that scrolls, its first
 * column and headings kept in view. Below 60rem it is one card per trainee.
 */
const MODULES_THAT_FIT = 3;

/** "name@example.org" with a line break allowed before the "@" only, so an address never breaks inside a word. */
function EmailAddress({ value }: { value: string }) {
  const at = value.lastIndexOf("@");
  if (at <= 0) return <>{value}</>;
  return (
    <>
      {value.slice(0, at)}
      <wbr />
      {value.slice(at)}
    </>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Query = Data["query"];

const statusChoices: { value: Query["status"]; label: string }[] = [
  { value: "all", label: "All trainees" },
  { value: "not-started", label: "Who have not started" },
  { value: "in-progress", label: "Who are in progress" },
  { value: "completed", label: "Who have completed" },
  { value: "overdue", label: "Who are overdue" },
];

/** The address of this page with some of the query changed; defaults are left out to keep links short. */
function queryHref(query: Query, change: Partial<Query>): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.sort !== "name") params.set("sort", next.sort);
  if (next.dir !== "asc") params.set("dir", next.dir);
  if (next.status !== "all") params.set("status", next.status);
  if (next.module !== "any") params.set("module", next.module);
  if (next.q) params.set("q", next.q);
  if (next.page > 1) params.set("page", String(next.page));
  const search = params.toString();
  return search ? `?${search}` : "?";
}

function sortHref(query: Query, key: string): string {
  const firstDirection = key === "completed" ? "desc" : "asc";
  const dir = query.sort === key ? (query.dir === "asc" ? "desc" : "asc") : firstDirection;
  return queryHref(query, { sort: key, dir, page: 1 });
}

function ariaSort(query: Query, key: string) {
  if (query.sort !== key) return undefined;
  return query.dir === "asc" ? ("ascending" as const) : ("descending" as const);
}

function SortArrow({ query, column }: { query: Query; column: string }) {
  if (query.sort !== column) return null;
  return (
    <span className="sort-arrow" aria-hidden="true">
      {query.dir === "asc" ? "▲" : "▼"}
    </span>
  );
}

function describeSort(data: Data): string {
  const { query, modules } = data;
  if (query.sort === "completed") return query.dir === "desc" ? "most completed first" : "fewest completed first";
  const module = modules.find((m) => m.slug === query.sort);
  if (module) return `by “${module.title}”, ${query.dir === "asc" ? "overdue and not started first" : "completed first"}`;
  return query.dir === "asc" ? "by name, A to Z" : "by name, Z to A";
}

export default function CohortProgressPage() {
  const data = useLoaderData<typeof loader>();
  const { base, cohortId, modules, summary, query, rows } = data;
  const traineeHref = (id: string) => `${base}/trainees/${id}`;
  const csvSearch = queryHref(query, { page: 1 }).slice(1);
  const filtered = query.status !== "all" || query.q !== "";
  const first = (query.page - 1) * data.pageSize + 1;
  return (
    <>
      {modules.length === 0 || summary.trainees === 0 ? (
        <div className="notice notice--info">
          <p>
            {summary.trainees === 0 ? (
              <>
                This cohort has no trainees yet. <Link to={`${base}/cohorts/${cohortId}/trainees`}>Add trainees</Link>.
              </>
            ) : null}{" "}
            {modules.length === 0 ? (
              <>
                No modules are assigned yet. <Link to={`${base}/cohorts/${cohortId}/modules`}>Assign modules</Link>.
              </>
            ) : null}
          </p>
        </div>
      ) : null}

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        {summary.small && summary.trainees > 0 ? (
          <p className="notice notice--info">
            This cohort has fewer than five trainees, so the figures are counts of the people in the table below, not percentages.
          </p>
        ) : null}
        <p>
          {summary.trainees} {summary.trainees === 1 ? "trainee" : "trainees"}, {modules.length} assigned{" "}
          {modules.length === 1 ? "module" : "modules"}. Modules completed: <CountOf count={summary.completedCells} of={summary.cells} small={summary.small} />.
        </p>
        {summary.modules.length > 0 && summary.trainees > 0 ? (
          <div className="table-wrap">
            <table className="summary-table">
              <caption className="visually-hidden">Completion and quiz results for each assigned module</caption>
              <thead>
                <tr>
                  <th scope="col">Module</th>
                  <th scope="col">Completed</th>
                  <th scope="col">In progress</th>
                  <th scope="col">Not started</th>
                  <th scope="col">Overdue</th>
                  <th scope="col">Passed the quiz</th>
                </tr>
              </thead>
              <tbody>
                {summary.modules.map((module) => (
                  <tr key={module.slug}>
                    <th scope="row">
                      {module.title}
                      {module.dueOn ? <span className="muted matrix__due">Due {formatDay(module.dueOn)}</span> : null}
                    </th>
                    <td data-label="Completed">
                      <CountOf count={module.completed} of={summary.trainees} small={summary.small} />
                    </td>
                    <td data-label="In progress">{module.inProgress}</td>
                    <td data-label="Not started">{module.notStarted}</td>
                    <td data-label="Overdue">{module.overdue}</td>
                    <td data-label="Passed the quiz">
                      {module.hasQuiz ? (
                        module.quizTried === 0 ? (
                          "nobody has tried yet"
                        ) : (
                          <>
                            <CountOf count={module.quizPassed} of={module.quizTried} small={summary.small || module.quizTried < 5} /> who tried
                          </>
                        )
                      ) : (
                        "no quiz"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {summary.notStartedAny.length > 0 ? (
          <>
            <h3>Not started any assigned module ({summary.notStartedAny.length})</h3>
            <ul className="inline-list">
              {summary.notStartedAny.slice(0, NAMES_SHOWN).map((person) => (
                <li key={person.id}>
                  <Link to={traineeHref(person.id)}>{person.name}</Link>
                </li>
              ))}
            </ul>
            {summary.notStartedAny.length > NAMES_SHOWN ? (
              <p>
                And {summary.notStartedAny.length - NAMES_SHOWN} more.{" "}
                <Link to={queryHref(query, { sort: "completed", dir: "asc", status: "all", module: "any", q: "", page: 1 })}>
                  Sort the table by number completed, fewest first
                </Link>{" "}
                to see them all.
              </p>
            ) : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="matrix-heading">
        <h2 id="matrix-heading">Progress of each trainee</h2>
        <Form method="get" className="matrix-filter" aria-label="Filter the table">
          <input type="hidden" name="sort" value={query.sort} />
          <input type="hidden" name="dir" value={query.dir} />
          <div className="field">
            <label htmlFor="filter-status">Show</label>
            <select id="filter-status" name="status" defaultValue={query.status}>
              {statusChoices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-module">In</label>
            <select id="filter-module" name="module" defaultValue={query.module}>
              <option value="any">Any assigned module</option>
              {modules.map((module) => (
                <option key={module.slug} value={module.slug}>
                  {module.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-q">Name or email contains</label>
            <input id="filter-q" name="q" type="search" defaultValue={query.q} maxLength={100} autoComplete="off" />
          </div>
          <div className="matrix-filter__actions">
            <button type="submit" className="button">
              Show
            </button>
            {filtered ? (
              <Link to={queryHref(query, { status: "all", module: "any", q: "", page: 1 })} className="button button--secondary">
                Show everyone
              </Link>
            ) : null}
          </div>
        </Form>
        <p className="matrix-count" id="matrix-count">
          {data.matching === 0
            ? "No trainee matches. Change the filter above, or show everyone."
            : `Showing ${first === 1 && rows.length === data.matching ? "all" : `${first} to ${first + rows.length - 1} of`} ${data.matching} ${filtered ? `matching trainees (of ${data.total})` : data.matching === 1 ? "trainee" : "trainees"}, sorted ${describeSort(data)}.`}
        </p>
        <p>
          <a href={`${base}/cohorts/${cohortId}/progress.csv${csvSearch ? `?${csvSearch}` : ""}`} download className="button button--secondary">
            Download this table (CSV, for spreadsheets)
          </a>
        </p>
        {rows.length > 0 && modules.length > 0 ? (
          // On a phone the table turns into one card per trainee and its headings are hidden, so the sort choices show here.
          <details className="matrix-sort">
            <summary>Sort the list</summary>
            <ul>
              {[
                { key: "name", label: "Name" },
                { key: "completed", label: "Number completed" },
                ...modules.map((m) => ({ key: m.slug, label: m.title })),
              ].map((choice) => (
                <li key={choice.key}>
                  <Link to={sortHref(query, choice.key)} aria-current={query.sort === choice.key ? "true" : undefined}>
                    {choice.label}
                  </Link>
                  {query.sort === choice.key ? <span className="muted"> (now, {query.dir === "asc" ? "ascending" : "descending"})</span> : null}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        {rows.length > 0 && modules.length > 0 ? <ProgressTable data={data} traineeHref={traineeHref} /> : null}
        {data.pageCount > 1 ? (
          <nav aria-label="Pages of the table" className="pager">
            {query.page > 1 ? <Link to={queryHref(query, { page: query.page - 1 })}>Previous {data.pageSize} trainees</Link> : <span />}
            <span>
              Page {query.page} of {data.pageCount}
            </span>
            {query.page < data.pageCount ? <Link to={queryHref(query, { page: query.page + 1 })}>Next {data.pageSize} trainees</Link> : <span />}
          </nav>
        ) : null}
      </section>
    </>
  );
}

/**
 * The table of trainees and modules. The cards that CSS makes of it on
 * narrower screens are still a table to screen readers: Safari drops a
 * table's roles once it is not shown as one, so they are written out.
 */
function ProgressTable({ data, traineeHref }: { data: Data; traineeHref: (id: string) => string }) {
  const { modules, query, rows } = data;
  const scrolls = modules.length > MODULES_THAT_FIT;
  const table = (
    /* eslint-disable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role -- table roles kept on purpose, see above */
    <table className="matrix table--stacks" role="table">
      <caption id="matrix-caption">
        Trainees and assigned modules, sorted {describeSort(data)}
        <span className="visually-hidden">. Choose a column heading to sort by it.</span>
      </caption>
      <thead role="rowgroup">
        <tr role="row">
          <th scope="col" role="columnheader" aria-sort={ariaSort(query, "name")}>
            <Link to={sortHref(query, "name")} preventScrollReset>
              Trainee <SortArrow query={query} column="name" />
            </Link>
          </th>
          <th scope="col" role="columnheader" aria-sort={ariaSort(query, "completed")}>
            <Link to={sortHref(query, "completed")} preventScrollReset>
              Completed <SortArrow query={query} column="completed" />
            </Link>
          </th>
          {modules.map((module) => (
            <th scope="col" role="columnheader" key={module.slug} aria-sort={ariaSort(query, module.slug)}>
              <Link to={sortHref(query, module.slug)} preventScrollReset>
                {module.title} <SortArrow query={query} column={module.slug} />
              </Link>
              {module.dueOn ? (
                <span className="matrix__due">
                  Due <span className="nowrap">{formatDay(module.dueOn)}</span>
                </span>
              ) : null}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {rows.map((row) => (
          <tr key={row.id} role="row">
            <th scope="row" role="rowheader">
              <Link to={traineeHref(row.id)} className="matrix__name">
                {row.name}
              </Link>
              <span className="matrix__email">
                <EmailAddress value={row.email} />
              </span>
            </th>
            <td role="cell" data-label="Completed">
              {row.completed} of {modules.length}
            </td>
            {row.cells.map(([status, started, completedAt], index) => (
              <td role="cell" key={modules[index]!.slug} data-label={modules[index]!.title}>
                <StatusBadge status={status as CellStatus} started={started === 1} completedAt={completedAt} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
    /* eslint-enable jsx-a11y/no-redundant-roles, jsx-a11y/no-interactive-element-to-noninteractive-role */
  );
  return scrolls ? (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a region that scrolls must take focus, or keyboard users cannot scroll it
    <div className="table-wrap matrix-wrap matrix-wrap--scrolls" role="region" aria-labelledby="matrix-caption" tabIndex={0}>
      {table}
    </div>
  ) : (
    <div className="table-wrap matrix-wrap">{table}</div>
  );
}
