import { generateId } from "~/auth/tokens.server";
import { findModule } from "~/content/catalog.server";
import { getDb } from "~/db.server";
import { DomainError } from "~/domain-error";
import { MAX_COMMENT_LENGTH } from "~/limits";
import { listJournal, type JournalEntry } from "~/models/learning/journal.server";
import type { LearnerScope } from "~/models/learning/module-progress.server";

export interface ReflectionComment {
  id: string;
  authorName: string;
  /** Written by the trainee who owns the reflection (otherwise by a trainer or admin). */
  byOwner: boolean;
  body: string;
  createdAt: string;
}

export interface SharedReflection {
  id: string;
  moduleSlug: string;
  moduleTitle: string;
  prompt: string;
  body: string;
  sharedAt: string | null;
  updatedAt: string;
  comments: ReflectionComment[];
}

async function commentsOn(reflections: { id: string; user_id: string }[], organizationId: string) {
  const byReflection = new Map<string, ReflectionComment[]>();
  if (reflections.length === 0) return byReflection;
  const owner = new Map(reflections.map((r) => [r.id, r.user_id]));
  const rows = await getDb()
    .selectFrom("reflection_comments")
    .innerJoin("users", "users.id", "reflection_comments.author_id")
    .select([
      "reflection_comments.id",
      "reflection_comments.reflection_id",
      "reflection_comments.author_id",
      "reflection_comments.body",
      "reflection_comments.created_at",
      "users.display_name",
    ])
    .where("reflection_comments.organization_id", "=", organizationId)
    .where("reflection_comments.reflection_id", "in", [...owner.keys()])
    .orderBy("reflection_comments.created_at")
    .orderBy("reflection_comments.id")
    .execute();
  for (const row of rows) {
    const list = byReflection.get(row.reflection_id) ?? [];
    list.push({
      id: row.id,
      authorName: row.display_name,
      byOwner: row.author_id === owner.get(row.reflection_id),
      body: row.body,
      createdAt: row.created_at,
    });
    byReflection.set(row.reflection_id, list);
  }
  return byReflection;
}

/**
 * The reflections a trainee has shared, with their comment threads, for a
 * trainer or admin the permission module has let through. Private
 * reflections are never selected, so they cannot reach the page.
 */
export async function listSharedReflections(organizationId: string, learnerId: string): Promise<SharedReflection[]> {
  const rows = await getDb()
    .selectFrom("reflections")
    .select(["id", "user_id", "module_slug", "prompt_id", "body", "shared_at", "updated_at"])
    .where("organization_id", "=", organizationId)
    .where("user_id", "=", learnerId)
    .where("visibility", "=", "shared")
    .orderBy("shared_at", "desc")
    .execute();
  const comments = await commentsOn(rows, organizationId);
  return rows.map((row) => {
    const module = findModule(row.module_slug);
    return {
      id: row.id,
      moduleSlug: row.module_slug,
      moduleTitle: module?.frontmatter.title ?? row.module_slug,
      prompt: module?.reflections.find((r) => r.id === row.prompt_id)?.prompt ?? "(This prompt is no longer in the module.)",
      body: row.body,
      sharedAt: row.shared_at,
      updatedAt: row.updated_at,
      comments: comments.get(row.id) ?? [],
    };
  });
}

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) throw new DomainError("Write something before you send.", 400, "body");
  if (trimmed.length > MAX_COMMENT_LENGTH) {
    throw new DomainError(`Keep a comment under ${MAX_COMMENT_LENGTH.toLocaleString("en")} characters.`, 400, "body");
  }
  return trimmed;
}

async function insertComment(input: { organizationId: string; reflectionId: string; authorId: string; body: string }) {
  await getDb()
    .insertInto("reflection_comments")
    .values({
      id: generateId(),
      reflection_id: input.reflectionId,
      organization_id: input.organizationId,
      author_id: input.authorId,
      body: input.body,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/**
 * A trainer's or admin's comment on a trainee's shared reflection. The
 * caller has checked that the viewer may see this trainee; here the
 * reflection must be theirs and shared right now.
 */
export async function addTrainerComment(input: {
  organizationId: string;
  learnerId: string;
  reflectionId: string;
  authorId: string;
  body: string;
}): Promise<void> {
  const body = checkBody(input.body);
  const reflection = await getDb()
    .selectFrom("reflections")
    .select("id")
    .where("id", "=", input.reflectionId)
    .where("organization_id", "=", input.organizationId)
    .where("user_id", "=", input.learnerId)
    .where("visibility", "=", "shared")
    .executeTakeFirst();
  if (!reflection) {
    throw new DomainError("That reflection is not shared with you. The trainee may have stopped sharing it. Reload the page.", 404);
  }
  await insertComment({ organizationId: input.organizationId, reflectionId: reflection.id, authorId: input.authorId, body });
}

/** The trainee's answer in the thread of their own reflection, while it is shared. */
export async function addOwnerReply(input: { scope: LearnerScope; reflectionId: string; body: string }): Promise<void> {
  const body = checkBody(input.body);
  const reflection = await getDb()
    .selectFrom("reflections")
    .select(["id", "visibility"])
    .where("id", "=", input.reflectionId)
    .where("organization_id", "=", input.scope.organizationId)
    .where("user_id", "=", input.scope.userId)
    .executeTakeFirst();
  if (!reflection) throw new DomainError("That reflection was not found in your journal.", 404);
  if (reflection.visibility !== "shared") {
    throw new DomainError("This reflection is private, so your trainers cannot read a reply. Share it again to reply.", 409, "body");
  }
  await insertComment({ organizationId: input.scope.organizationId, reflectionId: reflection.id, authorId: input.scope.userId, body });
}

export type JournalEntryWithComments = JournalEntry & { comments: ReflectionComment[] };

/** The trainee's journal, each entry with its comment thread (kept even while the entry is private again). */
export async function listJournalWithComments(scope: LearnerScope): Promise<JournalEntryWithComments[]> {
  const entries = await listJournal(scope);
  const comments = await commentsOn(
    entries.map((e) => ({ id: e.id, user_id: scope.userId })),
    scope.organizationId,
  );
  return entries.map((entry) => ({ ...entry, comments: comments.get(entry.id) ?? [] }));
}

export interface WaitingReply {
  reflectionId: string;
  moduleTitle: string;
  authorName: string;
  createdAt: string;
}

/**
 * Shared reflections whose newest comment is from a trainer: the ones the
 * trainee may want to read (and answer). Worked out from the thread itself,
 * so nothing extra is stored about what they have read.
 */
export async function listCommentsAwaitingTrainee(scope: LearnerScope): Promise<WaitingReply[]> {
  const rows = await getDb()
    .selectFrom("reflection_comments")
    .innerJoin("reflections", "reflections.id", "reflection_comments.reflection_id")
    .innerJoin("users", "users.id", "reflection_comments.author_id")
    .select([
      "reflections.id as reflection_id",
      "reflections.module_slug",
      "reflection_comments.author_id",
      "reflection_comments.created_at",
      "users.display_name",
    ])
    .where("reflections.organization_id", "=", scope.organizationId)
    .where("reflections.user_id", "=", scope.userId)
    .where("reflections.visibility", "=", "shared")
    .orderBy("reflection_comments.created_at", "desc")
    .orderBy("reflection_comments.id", "desc")
    .execute();
  const seen = new Set<string>();
  const waiting: WaitingReply[] = [];
  for (const row of rows) {
    if (seen.has(row.reflection_id)) continue;
    seen.add(row.reflection_id);
    if (row.author_id === scope.userId) continue;
    waiting.push({
      reflectionId: row.reflection_id,
      moduleTitle: findModule(row.module_slug)?.frontmatter.title ?? row.module_slug,
      authorName: row.display_name,
      createdAt: row.created_at,
    });
  }
  return waiting;
}
