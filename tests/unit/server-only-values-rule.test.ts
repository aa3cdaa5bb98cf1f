import { RuleTester } from "eslint";
import tseslint from "typescript-eslint";
import { describe, it } from "vitest";
import serverOnlyValues from "../../eslint-rules/server-only-values.js";

/*
 * The lint rule that keeps values of `*.server` modules out of browser code
 * (docs/decisions/023-server-only-values.md). The first invalid case is the
 * trainee records page as it was when trainers could not open it.
 */

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { ecmaFeatures: { jsx: true } },
  },
});

const filename = "app/routes/o.$orgSlug.example.tsx";
const error = (name: string) => ({ messageId: "valueInBrowserCode", data: { name, source: "~/models/sign-off.server" } });

tester.run("server-only-values", serverOnlyValues, {
  valid: [
    {
      name: "a server value used in the loader and the action",
      filename,
      code: `
        import { MAX_NOTE, listNotes, saveNote } from "~/models/sign-off.server";
        export async function loader() { return { notes: await listNotes(MAX_NOTE) }; }
        export const action = async () => { await saveNote(MAX_NOTE); return null; };
        export default function Page() { return <p>Notes</p>; }
      `,
    },
    {
      name: "a server value used in a function only the loader calls (and that function calling itself)",
      filename,
      code: `
        import { listNotes } from "~/models/sign-off.server";
        async function loadAll(page) { const notes = await listNotes(page); return notes.length ? [...notes, ...(await loadAll(page + 1))] : []; }
        const loadFirst = () => loadAll(1);
        export async function loader() { return loadFirst(); }
        export default function Page() { return <p>Notes</p>; }
      `,
    },
    {
      name: "types from a server module, including typeof in a type",
      filename,
      code: `
        import type { Note } from "~/models/sign-off.server";
        import { type NoteView, listNotes } from "~/models/sign-off.server";
        type Listed = Awaited<ReturnType<typeof listNotes>>;
        export default function Page(props: { note: Note; view: NoteView; listed: Listed }) { return <p>{props.note.id}</p>; }
      `,
    },
    {
      name: "a value from a module the browser also gets",
      filename,
      code: `
        import { MAX_NOTE } from "~/limits";
        export default function Page() { return <textarea maxLength={MAX_NOTE} />; }
      `,
    },
  ],
  invalid: [
    {
      name: "the bug: a server constant in a schema built at the top of the module and in the component",
      filename,
      code: `
        import { z } from "zod";
        import { MAX_NOTE, saveNote } from "~/models/sign-off.server";
        const Note = z.string().max(MAX_NOTE, \`At most \${MAX_NOTE.toLocaleString("en")} characters.\`);
        export async function action({ request }) { return saveNote(Note.parse(await request.text())); }
        export default function Page() { return <textarea maxLength={MAX_NOTE} />; }
      `,
      errors: [error("MAX_NOTE"), error("MAX_NOTE"), error("MAX_NOTE")],
    },
    {
      name: "a server value in meta, which runs in the browser",
      filename,
      code: `
        import { PAGE_TITLE } from "~/models/sign-off.server";
        export const meta = () => [{ title: PAGE_TITLE }];
      `,
      errors: [error("PAGE_TITLE")],
    },
    {
      name: "a server function in a helper that the component also calls",
      filename,
      code: `
        import { formatNote } from "~/models/sign-off.server";
        function show(note) { return formatNote(note); }
        export async function loader() { return show("a"); }
        export default function Page() { return <p>{show("b")}</p>; }
      `,
      errors: [error("formatNote")],
    },
    {
      name: "a server value inside a function nested in the component",
      filename,
      code: `
        import { MAX_NOTE } from "~/models/sign-off.server";
        export default function Page() { const limit = () => MAX_NOTE; return <p>{limit()}</p>; }
      `,
      errors: [error("MAX_NOTE")],
    },
    {
      name: "@remix-run/node, which the browser build also empties, in a component",
      filename,
      code: `
        import { json } from "@remix-run/node";
        export default function Page() { return <p>{String(json({}))}</p>; }
      `,
      errors: [{ messageId: "valueInBrowserCode", data: { name: "json", source: "@remix-run/node" } }],
    },
    {
      name: "a shared module that re-exports server values",
      filename: "app/forms/fields.ts",
      code: `export { MAX_NOTE } from "~/models/sign-off.server";`,
      errors: [{ messageId: "reexport", data: { source: "~/models/sign-off.server" } }],
    },
  ],
});
