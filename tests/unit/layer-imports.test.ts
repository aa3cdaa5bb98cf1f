import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/*
 * The layers in eslint.config.js (decision 032): a route that queries the
 * database itself, or a model that imports a component, fails `npm run lint`.
 * Linted as if the code sat at these paths, with the project's own config.
 */

const eslint = new ESLint();

async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("layer rules", () => {
  const route = "app/routes/o.$orgSlug+/learn+/example.tsx";

  it("refuses the database and query builder in a route", async () => {
    expect(await layerMessages(route, 'import { getDb } from "~/db.server";\nexport const loader = () => getDb();\n')).toEqual([
      "'~/db.server' import is restricted from being used. Routes ask a model in app/models/; only models query the database.",
    ]);
    expect(await layerMessages(route, 'import { sql } from "kysely";\nexport const q = sql`select 1`;\n')).toHaveLength(1);
  });

  it("lets a route ask a model and read the schema's types", async () => {
    expect(await layerMessages(route, 'import type { Role } from "~/db/schema";\nimport { listProgrammes } from "~/models/records/programme.server";\nexport const r: Role = "admin";\nexport const loader = () => listProgrammes("x");\n')).toEqual([]);
  });

  it("refuses components and routes in models, codecs and auth", async () => {
    for (const file of ["app/models/learning/example.server.ts", "app/codecs/example.server.ts", "app/auth/example.server.ts"]) {
      expect(await layerMessages(file, 'import { Time } from "~/components/time";\nexport const t = Time;\n'), file).toHaveLength(1);
      expect(await layerMessages(file, 'import { loader } from "~/routes/_auth+/signin";\nexport const l = loader;\n'), file).toHaveLength(1);
    }
  });
});
