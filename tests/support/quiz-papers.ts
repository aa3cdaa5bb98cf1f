import type { PaperQuestion } from "~/content/quiz-paper";
import { getDb } from "~/db.server";
import type { HttpClient } from "./http-client";

export interface StoredPaper {
  id: string;
  questions: PaperQuestion[];
}

/** The newest paper a person started on a quiz that no attempt has handed in, read from the database. */
export async function openPaperOf(userId: string, quizId: string): Promise<StoredPaper | undefined> {
  const row = await getDb()
    .selectFrom("quiz_papers as p")
    .leftJoin("quiz_attempts as a", "a.paper_id", "p.id")
    .select(["p.id", "p.questions"])
    .where("p.user_id", "=", userId)
    .where("p.quiz_id", "=", quizId)
    .where("a.id", "is", null)
    .orderBy("p.started_at", "desc")
    .executeTakeFirst();
  return row ? { id: row.id, questions: JSON.parse(row.questions) as PaperQuestion[] } : undefined;
}

/**
 * Form fields answering a paper, from answers given by option id: each id
 * becomes the place its option had on the page, as a browser would send it.
 * An id the question does not have is sent as it is (to see it refused).
 */
export function answersByPlace(paper: StoredPaper, answers: Record<string, string | string[]>): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [field, value] of Object.entries(answers)) {
    const question = paper.questions.find((q) => `q.${q.id}` === field);
    const place = (id: string) => (question && question.options.includes(id) ? String(question.options.indexOf(id) + 1) : id);
    fields[field] = Array.isArray(value) ? value.map(place) : place(value);
  }
  return fields;
}

/** Presses "Start the quiz" on a module page, as the form does. */
export function startQuiz(http: HttpClient, path: string, fields: { quizId: string; contentHash: string; section: string }) {
  return http.post(`${path}?section=${fields.section}`, { intent: "start-quiz", ...fields });
}
