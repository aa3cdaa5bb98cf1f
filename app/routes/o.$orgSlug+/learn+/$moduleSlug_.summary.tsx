import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requireOrganizationMember } from "~/auth/permissions.server";
import { ModuleCredits } from "~/components/lesson/module-credits";
import { RenderTree } from "~/components/lesson/render-tree";
import { SupportLinesPanel } from "~/components/support-lines";
import { findModule } from "~/content/catalog.server";
import { listSupportLines } from "~/models/organizations/support-line.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Summary: ${data.title} · Peer Support Training` : "Summary · Peer Support Training" },
];

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization } = await requireOrganizationMember(context, request, params.orgSlug);
  const module = findModule(params.moduleSlug ?? "");
  if (!module) throw notFound("We could not find that module.");
  const { title, summary, contentNotes, sources, licence, attribution } = module.frontmatter;
  return {
    base: `/o/${organization.slug}/learn/${module.slug}`,
    modulesPath: `/o/${organization.slug}/learn`,
    title,
    summary,
    contentNotes,
    keyIdeas: module.keyIdeas,
    sections: module.sections.map((s) => ({ id: s.id, title: s.title })),
    sources,
    licence,
    attribution: attribution ?? null,
    supportLines: await listSupportLines(organization.id),
  };
}

const noIslands = { Quiz: () => null, Reflection: () => null, SupportLines: () => null };

export default function ModuleSummaryPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page narrow">
      <p className="eyebrow">Summary</p>
      <h1>{page.title}</h1>
      <p className="lead">{page.summary}</p>
      {page.keyIdeas.length > 0 ? (
        <>
          <h2>Key ideas</h2>
          <ul className="key-ideas">
            {page.keyIdeas.map((idea, index) => (
              <li key={index}>
                <RenderTree nodes={idea} islands={noIslands} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>What the module covers</h2>
      <ol>
        {page.sections.map((section) => (
          <li key={section.id}>{section.title}</li>
        ))}
      </ol>
      {page.contentNotes.length > 0 ? (
        <>
          <p className="muted">Content notes: {page.contentNotes.join(" ")}</p>
          <SupportLinesPanel supportLines={page.supportLines} />
        </>
      ) : null}
      <p className="actions">
        <Link to={`${page.base}?section=${page.sections[0]!.id}`} className="button">
          Open the lesson
        </Link>
        <Link to={page.modulesPath} className="button button--secondary">
          All modules
        </Link>
      </p>
      <ModuleCredits sources={page.sources} licence={page.licence} attribution={page.attribution} />
    </main>
  );
}
