import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { bundleMDX } from "mdx-bundler";
import { getMDXComponent } from "mdx-bundler/client/index.js";
import { Fragment, isValidElement, type ReactElement, type ReactNode } from "react";
import { frontmatterSchema } from "~/content/frontmatter";
import { fillCompetencyPlaces } from "~/content/question-draw";
import type {
  Catalog,
  CompiledModule,
  QuestionDefinition,
  QuestionKind,
  AttemptRules,
  QuizDefinition,
  QuizDraw,
  ReflectionPrompt,
  RenderElement,
  RenderNode,
  ShowAnswers,
} from "~/content/types";

/** A problem in a module, reported with its file and (where known) line. */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(`${file}${line ? `:${line}` : ""}: ${problem}`);
    this.name = "ContentError";
  }
}

// Author components are markers: compiling evaluates the MDX once, here, and
// turns what it returns into plain data. Nothing is evaluated when serving.
const authorComponents = {
  Section: () => null,
  KeyIdea: () => null,
  Scenario: () => null,
  ContentNote: () => null,
  ClosedLanguageExample: () => null,
  Quiz: () => null,
  Question: () => null,
  Option: () => null,
  Reflection: () => null,
  SupportLines: () => null,
};
type AuthorComponent = keyof typeof authorComponents;
const componentNames = new Map<unknown, AuthorComponent>(
  Object.entries(authorComponents).map(([name, fn]) => [fn, name as AuthorComponent]),
);

const allowedHostProps = new Set(["href", "src", "alt", "title", "id", "className", "start"]);
const idPattern = /^[a-z0-9][a-z0-9-]{0,60}$/;
const questionKinds: QuestionKind[] = ["single", "multiple", "true-false", "scenario"];
const SHOW_ANSWERS: ShowAnswers[] = ["always", "after-passing", "after-last-attempt"];

type Props = Record<string, unknown> & { children?: ReactNode };

function lineOf(source: string, needle: string): number | null {
  const index = source.indexOf(needle);
  return index < 0 ? null : source.slice(0, index).split("\n").length;
}

function textOf(node: ReactNode): string {
  if (node == null || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (isValidElement(node)) return textOf((node.props as Props).children);
  return "";
}

function childElements(children: ReactNode): ReactElement<Props>[] {
  const list: ReactElement<Props>[] = [];
  const visit = (node: ReactNode) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (isValidElement(node)) {
      if (node.type === Fragment || typeof node.type === "string") return visit((node.props as Props).children);
      list.push(node as ReactElement<Props>);
    }
  };
  visit(children);
  return list;
}

class ModuleWalker {
  readonly quizzes: QuizDefinition[] = [];
  readonly reflections: ReflectionPrompt[] = [];
  readonly keyIdeas: RenderNode[][] = [];
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly file: string,
    private readonly source: string,
    private readonly knownCompetencies: ReadonlySet<string>,
  ) {}

  fail(problem: string, near?: string): never {
    throw new ContentError(this.file, near ? lineOf(this.source, near) : null, problem);
  }

  private claimId(kind: string, id: unknown): string {
    if (typeof id !== "string" || !idPattern.test(id)) {
      this.fail(`a ${kind} needs an id of lower-case letters, digits and dashes (got ${JSON.stringify(id)})`, `<${kind}`);
    }
    const key = `${kind === "Option" ? "Option" : kind === "Question" ? "Question" : kind}:${id}`;
    if (this.ids.has(key)) this.fail(`duplicate ${kind.toLowerCase()} id "${id}"`, `id="${id}"`);
    this.ids.set(key, id);
    return id;
  }

  private competencies(value: unknown, near: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((code) => typeof code !== "string")) {
      this.fail("competencies must be a list of codes, like {[\"who.role-01\"]}", near);
    }
    for (const code of value as string[]) {
      if (!this.knownCompetencies.has(code)) this.fail(`unknown competency code "${code}"`, code);
    }
    return value as string[];
  }

  private requireText(value: unknown, what: string, near: string): string {
    if (typeof value !== "string" || value.trim() === "") this.fail(`${what} is missing`, near);
    return value.trim();
  }

  walk(node: ReactNode): RenderNode[] {
    if (node == null || typeof node === "boolean") return [];
    if (typeof node === "string" || typeof node === "number") return [String(node)];
    if (Array.isArray(node)) return node.flatMap((child) => this.walk(child));
    if (!isValidElement(node)) return [];
    const props = node.props as Props;
    if (node.type === Fragment) return this.walk(props.children);
    if (typeof node.type === "string") return [this.hostElement(node.type, props)];
    const name = componentNames.get(node.type);
    if (name) return [this.authorElement(name, props)];
    if (typeof node.type === "function") {
      return this.walk((node.type as (p: Props) => ReactNode)(props));
    }
    return this.fail("the module uses something that is not text, Markdown or a known component");
  }

  private hostElement(tag: string, props: Props): RenderElement {
    const p: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(props)) {
      if (!allowedHostProps.has(key) || (typeof value !== "string" && typeof value !== "number")) continue;
      p[key] = value;
    }
    if (tag === "a" && typeof p.href === "string" && !/^(https?:|mailto:|\/|#)/.test(p.href)) {
      this.fail(`links must start with https:, http:, mailto:, / or # (got "${p.href}")`, String(p.href));
    }
    const c = this.walk(props.children);
    return { t: tag, ...(Object.keys(p).length ? { p } : {}), ...(c.length ? { c } : {}) };
  }

  private authorElement(name: AuthorComponent, props: Props): RenderElement {
    switch (name) {
      case "Section": {
        const id = this.claimId("Section", props.id);
        const title = this.requireText(props.title, `the title of section "${id}"`, `id="${id}"`);
        return { t: "Section", p: { id, title }, c: this.walk(props.children) };
      }
      case "KeyIdea": {
        const c = this.walk(props.children);
        this.keyIdeas.push(c);
        return { t: "KeyIdea", c };
      }
      case "Scenario": {
        const title = typeof props.title === "string" ? props.title : "Scenario";
        return { t: "Scenario", p: { title }, c: this.walk(props.children) };
      }
      case "ContentNote":
        return { t: "ContentNote", c: this.walk(props.children) };
      case "ClosedLanguageExample":
        return { t: "ClosedLanguageExample", c: this.walk(props.children) };
      // The organization's own crisis lines, filled in when the page is served.
      case "SupportLines":
        return { t: "SupportLines" };
      case "Quiz":
        return this.quiz(props);
      case "Reflection": {
        const id = this.claimId("Reflection", props.id);
        const near = `id="${id}"`;
        this.reflections.push({
          id,
          prompt: this.requireText(props.prompt, `the prompt of reflection "${id}"`, near),
          competencies: this.competencies(props.competencies, near),
          required: props.optional !== true,
        });
        return { t: "Reflection", p: { id } };
      }
      default:
        return this.fail(`<${name}> can only be used inside a <Quiz>`, `<${name}`);
    }
  }

  private quiz(props: Props): RenderElement {
    const id = this.claimId("Quiz", props.id);
    const title = typeof props.title === "string" ? props.title : "Check your understanding";
    const questions = childElements(props.children).map((element) => {
      if (componentNames.get(element.type) !== "Question") {
        this.fail(`a <Quiz> may only contain <Question> elements (quiz "${id}")`, `id="${id}"`);
      }
      return this.question(element.props);
    });
    if (questions.length === 0) this.fail(`quiz "${id}" has no questions`, `id="${id}"`);
    this.quizzes.push({ id, title, questions, draw: this.quizDraw(id, props, questions), rules: this.attemptRules(id, props) });
    return { t: "Quiz", p: { id } };
  }

  /** `draw={8}` and `drawPerCompetency={{"who.role-08": 2}}`: a pool the build checks every attempt can be drawn from. */
  private quizDraw(id: string, props: Props, questions: QuestionDefinition[]): QuizDraw | null {
    const near = `id="${id}"`;
    if (props.draw === undefined) {
      if (props.drawPerCompetency !== undefined) this.fail(`quiz "${id}" has drawPerCompetency but no draw: say how many questions each attempt asks`, near);
      return null;
    }
    const count = props.draw;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > questions.length) {
      this.fail(`quiz "${id}" draws ${JSON.stringify(count)} questions; draw must be a whole number from 1 to the ${questions.length} questions in its pool`, near);
    }
    const per = props.drawPerCompetency ?? {};
    if (typeof per !== "object" || per === null || Array.isArray(per)) this.fail(`drawPerCompetency of quiz "${id}" must look like {{"who.role-08": 2}}`, near);
    const perCompetency: Record<string, number> = {};
    for (const [code, wanted] of Object.entries(per as Record<string, unknown>)) {
      if (!this.knownCompetencies.has(code)) this.fail(`quiz "${id}" draws on unknown competency code "${code}"`, near);
      if (typeof wanted !== "number" || !Number.isInteger(wanted) || wanted < 1) this.fail(`quiz "${id}" must draw a whole number of questions (1 or more) on ${code}`, near);
      const carrying = questions.filter((q) => q.competencies.includes(code)).length;
      if (wanted > carrying) this.fail(`quiz "${id}" draws ${wanted} questions on ${code}, but only ${carrying} of its questions carry it`, near);
      perCompetency[code] = wanted;
    }
    const places = Object.values(perCompetency).reduce((sum, n) => sum + n, 0);
    if (places > count) this.fail(`quiz "${id}" draws ${count} questions but asks for ${places} by competency (drawPerCompetency adds up to more than draw)`, near);
    if (!fillCompetencyPlaces(questions, perCompetency)) {
      this.fail(`quiz "${id}" cannot draw its drawPerCompetency from its pool without asking one question for two competencies: add questions or lower the numbers`, near);
    }
    return { count, perCompetency };
  }

  /** `maxAttempts={3}`, `waitMinutes={60}`, `showAnswers="after-passing"`; left out: any number, no wait, answers always shown. */
  private attemptRules(id: string, props: Props): AttemptRules {
    const near = `id="${id}"`;
    const whole = (value: unknown, name: string, min: number, max: number): number | undefined => {
      if (value === undefined) return undefined;
      if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
        this.fail(`${name} of quiz "${id}" must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})`, near);
      }
      return value;
    };
    const maxAttempts = whole(props.maxAttempts, "maxAttempts", 1, 100) ?? null;
    const waitMinutes = whole(props.waitMinutes, "waitMinutes", 0, 60 * 24 * 90) ?? 0;
    const showAnswers = (props.showAnswers ?? "always") as ShowAnswers;
    if (!SHOW_ANSWERS.includes(showAnswers)) this.fail(`showAnswers of quiz "${id}" must be one of ${SHOW_ANSWERS.join(", ")}`, near);
    if (showAnswers === "after-last-attempt" && maxAttempts === null) {
      this.fail(`quiz "${id}" shows its answers after the last attempt but has no maxAttempts, so there is no last attempt`, near);
    }
    return { maxAttempts, waitMinutes, showAnswers };
  }

  private question(props: Props): QuestionDefinition {
    const id = this.claimId("Question", props.id);
    const near = `id="${id}"`;
    const kind = (props.kind ?? "single") as QuestionKind;
    if (!questionKinds.includes(kind)) this.fail(`question "${id}" has kind "${String(kind)}"; use one of ${questionKinds.join(", ")}`, near);
    const options = childElements(props.children).map((element, index) => {
      if (componentNames.get(element.type) !== "Option") this.fail(`question "${id}" may only contain <Option> elements`, near);
      const label = textOf(element.props.children).trim();
      if (!label) this.fail(`option ${index + 1} of question "${id}" has no text`, near);
      const feedback = typeof element.props.feedback === "string" ? element.props.feedback.trim() : null;
      return { id: String.fromCharCode(97 + index), label, correct: element.props.correct === true, feedback };
    });
    const correct = options.filter((o) => o.correct).length;
    if (options.length < 2) this.fail(`question "${id}" needs at least two options`, near);
    if (kind === "true-false" && options.length !== 2) this.fail(`true/false question "${id}" needs exactly two options`, near);
    if (kind === "multiple" && correct === 0) this.fail(`question "${id}" needs at least one correct option`, near);
    if (kind !== "multiple" && correct !== 1) this.fail(`question "${id}" needs exactly one correct option (it has ${correct})`, near);
    if (kind === "scenario" && options.some((o) => !o.feedback)) {
      this.fail(`every option of scenario question "${id}" needs its own feedback`, near);
    }
    return {
      id,
      kind,
      prompt: this.requireText(props.prompt, `the prompt of question "${id}"`, near),
      explanation: typeof props.explanation === "string" ? props.explanation.trim() : null,
      competencies: this.competencies(props.competencies, near),
      options,
    };
  }
}

function frontmatterLine(source: string, field: string | undefined): number | null {
  if (!field) return 1;
  const match = new RegExp(`^${field}\\s*:`, "m").exec(source);
  return match ? source.slice(0, match.index).split("\n").length : 1;
}

/** Compiles one module's MDX into plain data, or throws a ContentError. */
export async function compileModule(input: {
  slug: string;
  file: string;
  source: string;
  knownCompetencies: ReadonlySet<string>;
}): Promise<CompiledModule> {
  const { file, source } = input;
  if (!/^[a-z0-9][a-z0-9-]{1,80}$/.test(input.slug) || input.slug === "journal") {
    throw new ContentError(file, null, `the folder name "${input.slug}" must be lower-case letters, digits and dashes (and not "journal")`);
  }
  let bundled: Awaited<ReturnType<typeof bundleMDX>>;
  try {
    bundled = await bundleMDX({ source });
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors;
    const first = errors?.[0];
    const text = first?.text ?? (error instanceof Error ? error.message : String(error));
    throw new ContentError(file, first?.location?.line ?? null, `the MDX could not be compiled: ${text.split("\n")[0]}`);
  }

  const parsed = frontmatterSchema.safeParse(bundled.frontmatter);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".");
    throw new ContentError(file, frontmatterLine(source, issue.path[0]?.toString()), `frontmatter field "${field || "(root)"}": ${issue.message}`);
  }
  const frontmatter = parsed.data;
  for (const code of frontmatter.competencies) {
    if (!input.knownCompetencies.has(code)) {
      throw new ContentError(file, frontmatterLine(source, "competencies"), `unknown competency code "${code}"`);
    }
  }

  const walker = new ModuleWalker(file, source, input.knownCompetencies);
  let rendered: ReactNode;
  try {
    const Content = getMDXComponent(bundled.code) as unknown as (props: object) => ReactNode;
    rendered = Content({ components: authorComponents });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const missing = /Expected component `(\w+)`/.exec(message);
    throw new ContentError(
      file,
      missing ? lineOf(source, `<${missing[1]}`) : null,
      missing ? `<${missing[1]}> is not a component modules can use` : `the module failed to render: ${message}`,
    );
  }
  const top = walker.walk(rendered).filter((node) => typeof node !== "string" || node.trim() !== "");
  const sections = top.map((node) => {
    if (typeof node === "string" || node.t !== "Section") {
      return walker.fail("everything in a module must be inside a <Section>", typeof node === "string" ? node.trim().slice(0, 30) : undefined);
    }
    return { id: String(node.p!.id), title: String(node.p!.title), tree: node.c ?? [] };
  });
  if (sections.length === 0) walker.fail("a module needs at least one <Section>");

  return {
    slug: input.slug,
    contentHash: createHash("sha256").update(source).digest("hex").slice(0, 16),
    frontmatter,
    sections,
    keyIdeas: walker.keyIdeas,
    quizzes: walker.quizzes,
    reflections: walker.reflections,
  };
}

export async function loadCompetencyCodes(frameworksDirectory: string): Promise<Set<string>> {
  const codes = new Set<string>();
  for (const name of await readdir(frameworksDirectory)) {
    if (!name.endsWith(".json")) continue;
    const framework = JSON.parse(await readFile(join(frameworksDirectory, name), "utf8")) as {
      competencies: { code: string }[];
    };
    for (const competency of framework.competencies) codes.add(competency.code);
  }
  return codes;
}

/** Compiles every module under content/modules; collects every module's problem. */
export async function buildCatalog(contentDirectory: string): Promise<{ catalog: Catalog; errors: ContentError[] }> {
  const knownCompetencies = await loadCompetencyCodes(join(contentDirectory, "frameworks"));
  const modulesDirectory = join(contentDirectory, "modules");
  const modules: CompiledModule[] = [];
  const errors: ContentError[] = [];
  const entries = await readdir(modulesDirectory, { withFileTypes: true });
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(modulesDirectory, entry.name, "index.mdx");
    const file = relative(process.cwd(), path);
    let source: string;
    try {
      source = await readFile(path, "utf8");
    } catch {
      errors.push(new ContentError(file, null, "the module folder has no index.mdx"));
      continue;
    }
    try {
      modules.push(await compileModule({ slug: entry.name, file, source, knownCompetencies }));
    } catch (error) {
      if (error instanceof ContentError) errors.push(error);
      else throw error;
    }
  }
  modules.sort((a, b) => a.frontmatter.track.localeCompare(b.frontmatter.track) || a.frontmatter.order - b.frontmatter.order);
  return { catalog: { builtAt: new Date().toISOString(), modules }, errors };
}
