import { getDb } from "~/db.server";
import type { CompiledModule } from "~/content/types";

/**
 * Records each module version the server is about to serve. Attempts and
 * reflections point at a (slug, hash) row, so later edits leave them intact.
 */
export async function recordModuleVersions(modules: CompiledModule[]): Promise<void> {
  if (modules.length === 0) return;
  const now = new Date().toISOString();
  await getDb()
    .insertInto("module_versions")
    .values(
      modules.map((module) => ({
        module_slug: module.slug,
        content_hash: module.contentHash,
        title: module.frontmatter.title,
        published_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(["module_slug", "content_hash"]).doNothing())
    .execute();
}
