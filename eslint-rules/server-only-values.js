/**
 * ESLint rule: a value imported from a server-only module may be used only in
 * code that never runs in the browser. Why: docs/decisions/023-server-only-values.md.
 *
 * Remix's browser build replaces every `*.server` module of `app/` (and
 * `@remix-run/node`) with an empty module and keeps of a route module only
 * what the browser needs. A value imported from such a module is therefore
 * `undefined` wherever the browser runs it: in a component, in `meta`, and in
 * any statement at the top of the module (a zod schema built there runs in the
 * browser too, even when only the action uses it). The only places it is safe
 * are the route exports the browser build drops (`loader`, `action`,
 * `headers`) and functions of the module called from nowhere else.
 */

const SERVER_ONLY_SOURCE = /(\.server(\.[jt]sx?)?$)|(^@remix-run\/(node|deno|cloudflare)(\/.*)?$)/;
const SERVER_ONLY_EXPORTS = new Set(["loader", "action", "headers"]);
/** Nodes whose content TypeScript erases: a reference there is a type, not a value. */
const TYPE_ONLY_NODES = new Set([
  "TSTypeAnnotation",
  "TSTypeQuery",
  "TSTypeReference",
  "TSTypeAliasDeclaration",
  "TSInterfaceDeclaration",
  "TSTypeParameterInstantiation",
  "TSAsExpression",
  "TSSatisfiesExpression",
]);

const isFunction = (node) =>
  node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";

function isTypeOnlyPosition(identifier) {
  for (let node = identifier; node.parent; node = node.parent) {
    const parent = node.parent;
    // `value as Type` keeps `value`; only the type after `as` is erased.
    if ((parent.type === "TSAsExpression" || parent.type === "TSSatisfiesExpression") && parent.expression === node) continue;
    if (TYPE_ONLY_NODES.has(parent.type)) return true;
  }
  return false;
}

/**
 * The module's top-level functions, by name: `function f() {}` and
 * `const f = () => {}` / `const f = function () {}`, each with whether it is
 * exported and the variable that names it.
 */
function topLevelFunctions(program, sourceCode) {
  const found = [];
  for (const statement of program.body) {
    const exported = statement.type === "ExportNamedDeclaration";
    const declaration = exported ? statement.declaration : statement;
    if (!declaration) continue;
    if (declaration.type === "FunctionDeclaration" && declaration.id) {
      found.push({ name: declaration.id.name, node: declaration, exported, variable: sourceCode.getDeclaredVariables(declaration)[0] });
    } else if (declaration.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === "Identifier" && declarator.init && isFunction(declarator.init)) {
          const variable = sourceCode.getDeclaredVariables(declarator)[0];
          found.push({ name: declarator.id.name, node: declarator.init, exported, variable });
        }
      }
    }
  }
  return found;
}

/** The top-level function a node sits in, or null when it runs at the top of the module. */
function enclosingTopLevelFunction(node, functionsByNode) {
  for (let current = node.parent; current; current = current.parent) {
    if (functionsByNode.has(current)) return functionsByNode.get(current);
  }
  return null;
}

/**
 * Which top-level functions run only on the server: the route exports the
 * browser build drops, and (repeated until nothing changes) functions
 * referenced only as values from inside those.
 */
function serverOnlyFunctions(functions, functionsByNode) {
  const serverOnly = new Set(functions.filter((f) => f.exported && SERVER_ONLY_EXPORTS.has(f.name)));
  let changed = true;
  while (changed) {
    changed = false;
    for (const candidate of functions) {
      if (serverOnly.has(candidate) || candidate.exported || !candidate.variable) continue;
      const uses = candidate.variable.references
        // `const f = () => …` writes f once; only reads are uses.
        .filter((reference) => reference.isRead() && !isTypeOnlyPosition(reference.identifier))
        .map((reference) => enclosingTopLevelFunction(reference.identifier, functionsByNode))
        .filter((home) => home !== candidate);
      const onlyFromServer = uses.every((home) => home !== null && serverOnly.has(home));
      if (uses.length > 0 && onlyFromServer) {
        serverOnly.add(candidate);
        changed = true;
      }
    }
  }
  return serverOnly;
}

/** @type {import("eslint").Rule.RuleModule} */
export default {
  meta: {
    type: "problem",
    docs: { description: "Values from `*.server` modules are undefined in the browser: use them only in loader, action or headers code." },
    schema: [],
    messages: {
      valueInBrowserCode:
        "'{{name}}' comes from '{{source}}', which the browser build empties: here, in code the browser runs, it is undefined. Use it only in loader, action or headers code (or functions only they call), or move it to a module without '.server' in its name (e.g. app/limits.ts).",
      reexport:
        "This module also runs in the browser, where '{{source}}' is empty: re-exported from here, its values are undefined. Import them from '{{source}}' in server code instead.",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const serverImports = [];
    return {
      ImportDeclaration(node) {
        if (node.importKind === "type" || !SERVER_ONLY_SOURCE.test(node.source.value)) return;
        for (const specifier of node.specifiers) {
          if (specifier.importKind === "type") continue;
          serverImports.push({ specifier, source: node.source.value });
        }
      },
      "ExportNamedDeclaration[source], ExportAllDeclaration"(node) {
        if (node.exportKind === "type" || !SERVER_ONLY_SOURCE.test(node.source.value)) return;
        if (node.specifiers?.length && node.specifiers.every((s) => s.exportKind === "type")) return;
        context.report({ node, messageId: "reexport", data: { source: node.source.value } });
      },
      "Program:exit"(program) {
        if (serverImports.length === 0) return;
        const functions = topLevelFunctions(program, sourceCode);
        const functionsByNode = new Map(functions.map((f) => [f.node, f]));
        const serverOnly = serverOnlyFunctions(functions, functionsByNode);
        for (const { specifier, source } of serverImports) {
          for (const variable of sourceCode.getDeclaredVariables(specifier)) {
            for (const reference of variable.references) {
              if (isTypeOnlyPosition(reference.identifier)) continue;
              const home = enclosingTopLevelFunction(reference.identifier, functionsByNode);
              if (home && serverOnly.has(home)) continue;
              context.report({ node: reference.identifier, messageId: "valueInBrowserCode", data: { name: variable.name, source } });
            }
          }
        }
      },
    };
  },
};
