import { findModule } from "~/content/catalog.server";
import { listOwnReflections } from "~/models/learning/reflection.server";
import type { LearnerScope } from "~/models/learning/module-progress.server";

export interface JournalEntry {
  id: string;
  moduleSlug: string;
  moduleTitle: string;
  prompt: string;
  body: string;
  visibility: "private" | "shared";
  createdAt: string;
  updatedAt: string;
}

/** The trainee's own reflections with the module and prompt they answered, newest first. */
export async function listJournal(scope: LearnerScope): Promise<JournalEntry[]> {
  const rows = await listOwnReflections(scope);
  return rows.map((row) => {
    const module = findModule(row.module_slug);
    const prompt = module?.reflections.find((r) => r.id === row.prompt_id)?.prompt;
    return {
      id: row.id,
      moduleSlug: row.module_slug,
      moduleTitle: module?.frontmatter.title ?? row.module_slug,
      prompt: prompt ?? "(This prompt is no longer in the module.)",
      body: row.body,
      visibility: row.visibility,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

export function journalAsMarkdown(entries: JournalEntry[], ownerName: string): string {
  const lines = [`# Reflection journal of ${ownerName}`, "", `Exported ${new Date().toISOString().slice(0, 10)}.`, ""];
  for (const entry of entries) {
    lines.push(
      `## ${entry.moduleTitle}`,
      "",
      `**${entry.prompt}**`,
      "",
      entry.body,
      "",
      `_Written ${entry.createdAt.slice(0, 10)}, last changed ${entry.updatedAt.slice(0, 10)}, ${entry.visibility === "shared" ? "shared with trainers" : "private"}._`,
      "",
    );
  }
  return lines.join("\n");
}
