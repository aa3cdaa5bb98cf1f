import type SQLite from "better-sqlite3";
import { findModule } from "~/content/catalog.server";
import type { CompiledModule, RenderNode } from "~/content/types";
import type { HttpClient } from "./http-client";

/**
 * Trainees writing as fast as they can through HTTP (quiz submissions and
 * reflection saves, taking turns), keeping a note of every write the server
 * acknowledged. Used by the crash-safety and backup tests to check that
 * what the server said was saved is there afterwards.
 */

export interface Writer {
  userId: string;
  http: HttpClient;
}

export interface Acknowledged {
  /** Attempt id → number of answers it must have. */
  attempts: Map<string, number>;
  /** "userId prompt" → the highest version of the text the server said it saved. */
  reflections: Map<string, number>;
  /** Responses that were neither success nor a dropped connection. */
  unexpected: string[];
  /** Requests that got no answer (the server went away under them). */
  dropped: number;
}

const MODULE = "what-is-peer-support";

function sectionHolding(module: CompiledModule, kind: "Quiz" | "Reflection", id: string): string {
  const holds = (node: RenderNode): boolean =>
    typeof node !== "string" && ((node.t === kind && String(node.p?.id) === id) || (node.c ?? []).some(holds));
  return module.sections.find((s) => s.tree.some(holds))!.id;
}

/** Where the module's first quiz lives and the fields that start a paper on it. */
function quizStart(module: CompiledModule) {
  const quiz = module.quizzes[0]!;
  const section = sectionHolding(module, "Quiz", quiz.id);
  return { section, fields: { intent: "start-quiz", quizId: quiz.id, contentHash: module.contentHash, section } };
}

/**
 * The paper the page shows after "Start the quiz": its id and, for each
 * question on it, the first option's place. Read from the HTML, as a browser
 * would, so the test process never opens the database while the server runs.
 * Right or wrong does not matter here: an attempt counts once it is stored.
 */
export function paperOnPage(html: string): { paperId: string; answers: Record<string, string> } | undefined {
  const paperId = /name="paperId" value="([^"]+)"/.exec(html)?.[1];
  if (!paperId) return undefined;
  const answers: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/name="(q\.[^"]+)" value="([^"]+)"/g)) answers[name!] ??= value!;
  return { paperId, answers };
}

/** The body a reflection save sends: its version comes first, so the stored text tells which save it was. */
export const reflectionText = (version: number) => `v${version}: what I noticed about listening without fixing.`;

/**
 * Runs every writer in a loop until `stop()` says so (checked before each
 * request) or a writer has sent `maxPerWriter` requests. A writer whose
 * request fails at the network level (the server was killed) stops.
 */
export async function runWriteLoad(
  slug: string,
  writers: Writer[],
  options: { stop: () => boolean; maxPerWriter?: number; onAcknowledged?: (total: number) => void },
): Promise<Acknowledged> {
  const module = findModule(MODULE)!;
  const quiz = quizStart(module);
  const prompts = module.reflections.map((r) => ({ id: r.id, section: sectionHolding(module, "Reflection", r.id) }));
  const path = `/o/${slug}/learn/${MODULE}`;
  const acknowledged: Acknowledged = { attempts: new Map(), reflections: new Map(), unexpected: [], dropped: 0 };
  let total = 0;
  const note = () => options.onAcknowledged?.(++total);

  await Promise.all(
    writers.map(async (writer) => {
      for (let turn = 1; turn <= (options.maxPerWriter ?? 500) && !options.stop(); turn++) {
        try {
          if (turn % 2 === 1) {
            const started = await writer.http.post(`${path}?section=${quiz.section}`, quiz.fields);
            await started.arrayBuffer().catch(() => undefined);
            if (started.status !== 302) {
              acknowledged.unexpected.push(`quiz start: ${started.status}`);
              continue;
            }
            const page = await writer.http.get(`${path}?section=${quiz.section}`);
            const paper = paperOnPage(await page.text());
            if (!paper) {
              acknowledged.unexpected.push(`quiz page ${page.status}: no paper shown`);
              continue;
            }
            const response = await writer.http.post(`${path}?section=${quiz.section}`, {
              ...quiz.fields,
              intent: "submit-quiz",
              paperId: paper.paperId,
              ...paper.answers,
            });
            const attemptId = /[?&]attempt=([a-z0-9]+)/.exec(response.headers.get("location") ?? "")?.[1];
            if (response.status === 302 && attemptId) {
              acknowledged.attempts.set(attemptId, Object.keys(paper.answers).length);
              note();
            } else {
              acknowledged.unexpected.push(`quiz: ${response.status}`);
            }
            await response.arrayBuffer().catch(() => undefined);
          } else {
            const prompt = prompts[(turn >> 1) % prompts.length]!;
            const response = await writer.http.post(`${path}?section=${prompt.section}`, {
              intent: "save-reflection",
              promptId: prompt.id,
              section: prompt.section,
              body: reflectionText(turn),
            });
            // The action has committed before the status line is sent: 200 is the acknowledgement.
            if (response.status === 200) {
              acknowledged.reflections.set(`${writer.userId} ${prompt.id}`, turn);
              note();
            } else {
              acknowledged.unexpected.push(`reflection: ${response.status}`);
            }
            await response.arrayBuffer().catch(() => undefined);
          }
        } catch {
          acknowledged.dropped++;
          return;
        }
      }
    }),
  );
  return acknowledged;
}

/**
 * What is wrong with this database file, given what the server acknowledged:
 * an empty list when it is sound and holds every acknowledged write.
 */
export function checkDatabase(db: SQLite.Database, acknowledged: Pick<Acknowledged, "attempts" | "reflections">): string[] {
  const problems: string[] = [];
  const integrity = db.pragma("integrity_check", { simple: true });
  if (integrity !== "ok") problems.push(`integrity_check: ${String(integrity)}`);
  const foreignKeys = db.pragma("foreign_key_check") as unknown[];
  if (foreignKeys.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(foreignKeys.slice(0, 3))}`);
  const orphans = db
    .prepare("select count(*) from quiz_attempts a where not exists (select 1 from quiz_answers q where q.attempt_id = a.id)")
    .pluck()
    .get() as number;
  if (orphans > 0) problems.push(`${orphans} quiz attempts without answers`);

  const answers = db.prepare("select count(*) from quiz_answers where attempt_id = ?").pluck();
  for (const [attemptId, expected] of acknowledged.attempts) {
    const found = answers.get(attemptId) as number;
    if (found !== expected) problems.push(`attempt ${attemptId}: ${found} answers, ${expected} acknowledged`);
  }
  const reflection = db.prepare("select body from reflections where user_id = ? and prompt_id = ? and module_slug = ?").pluck();
  for (const [key, version] of acknowledged.reflections) {
    const [userId, promptId] = key.split(" ");
    const body = reflection.get(userId, promptId, MODULE) as string | undefined;
    const stored = Number(/^v(\d+):/.exec(body ?? "")?.[1] ?? -1);
    // A later save may have committed without its answer reaching us; an earlier text would be a lost write.
    if (stored < version) problems.push(`reflection ${key}: stored v${stored}, v${version} acknowledged`);
  }
  return problems;
}
