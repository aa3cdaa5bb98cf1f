import { generateId } from "~/auth/tokens.server";
import type { CompiledModule } from "~/content/types";
import { getDb } from "~/db.server";
import type { ReflectionVisibility } from "~/db/schema";
import { DomainError } from "~/domain-error";
import { recordReflectionEvidence } from "~/models/competencies/competency-evidence.server";
import { completeModuleIfDone, ensureProgressRow, type LearnerScope } from "~/models/learning/module-progress.server";

export const MAX_REFLECTION_LENGTH = 20_000;

/**
 * Saves the trainee's answer to a prompt (one per prompt, updated in place).
 * A new reflection is private; saving never changes who can see it.
 */
export async function saveReflection(input: {
  scope: LearnerScope;
  module: CompiledModule;
  promptId: string;
  body: string;
}) {
  const { scope, module } = input;
  if (!module.reflections.some((r) => r.id === input.promptId)) {
    throw new DomainError("That reflection prompt is not part of this module. Reload the page and try again.", 404);
  }
  const body = input.body.trim();
  if (!body) throw new DomainError("Write something before you save.", 400, "body");
  if (body.length > MAX_REFLECTION_LENGTH) {
    throw new DomainError(`Keep a reflection under ${MAX_REFLECTION_LENGTH.toLocaleString("en")} characters.`, 400, "body");
  }
  const now = new Date().toISOString();
  await getDb()
    .transaction()
    .execute(async (trx) => {
      await ensureProgressRow(trx, scope, module.slug);
      const earlier = await trx
        .selectFrom("reflections")
        .select("id")
        .where("organization_id", "=", scope.organizationId)
        .where("user_id", "=", scope.userId)
        .where("module_slug", "=", module.slug)
        .where("prompt_id", "=", input.promptId)
        .executeTakeFirst();
      const reflectionId = earlier?.id ?? generateId();
      await trx
        .insertInto("reflections")
        .values({
          id: reflectionId,
          organization_id: scope.organizationId,
          user_id: scope.userId,
          module_slug: module.slug,
          prompt_id: input.promptId,
          content_hash: module.contentHash,
          body,
          visibility: "private",
          created_at: now,
          updated_at: now,
          shared_at: null,
        })
        .onConflict((oc) =>
          oc
            .columns(["organization_id", "user_id", "module_slug", "prompt_id"])
            .doUpdateSet({ body, updated_at: now, content_hash: module.contentHash }),
        )
        .execute();
      // Answering counts once; editing the answer later is not new evidence.
      if (!earlier) await recordReflectionEvidence(trx, { scope, module, promptId: input.promptId, reflectionId, recordedAt: now });
      await completeModuleIfDone(trx, scope, module);
    });
}

function ownReflection(scope: LearnerScope, reflectionId: string) {
  return getDb()
    .selectFrom("reflections")
    .where("id", "=", reflectionId)
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId);
}

const notYours = "That reflection was not found in your journal.";

export async function setReflectionVisibility(scope: LearnerScope, reflectionId: string, visibility: ReflectionVisibility) {
  const existing = await ownReflection(scope, reflectionId).select("id").executeTakeFirst();
  if (!existing) throw new DomainError(notYours, 404);
  await getDb()
    .updateTable("reflections")
    .set({ visibility, shared_at: visibility === "shared" ? new Date().toISOString() : null })
    .where("id", "=", reflectionId)
    .where("user_id", "=", scope.userId)
    .execute();
}

export async function deleteReflection(scope: LearnerScope, reflectionId: string) {
  const result = await getDb()
    .deleteFrom("reflections")
    .where("id", "=", reflectionId)
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new DomainError(notYours, 404);
}

export async function listOwnReflections(scope: LearnerScope, moduleSlug?: string) {
  let query = getDb()
    .selectFrom("reflections")
    .select(["id", "module_slug", "prompt_id", "body", "visibility", "created_at", "updated_at", "shared_at"])
    .where("organization_id", "=", scope.organizationId)
    .where("user_id", "=", scope.userId);
  if (moduleSlug) query = query.where("module_slug", "=", moduleSlug);
  return query.orderBy("updated_at", "desc").execute();
}
