import { readFileSync } from "node:fs";

/**
 * Every route of the production build, read from the Remix assets manifest
 * the build wrote (public/build/manifest-<hash>.js, named in build/index.js).
 * Importing build/index.js itself would start the server, so the manifest is
 * read as data instead. Tests that must cover every route take their list
 * from here, so a new route file shows up in them without anyone adding it.
 */
export interface ManifestRoute {
  /** Remix's route id, e.g. "routes/o.$orgSlug+/admin+/members". */
  id: string;
  parentId?: string;
  /** The full URL pattern, e.g. "/o/:orgSlug/admin/members". */
  pattern: string;
  index: boolean;
  hasLoader: boolean;
  hasAction: boolean;
}

interface RawRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  hasLoader: boolean;
  hasAction: boolean;
}

export function readRouteManifest(): ManifestRoute[] {
  const server = readFileSync("build/index.js", "utf8");
  const names = [...new Set(server.match(/manifest-[A-Z0-9]+\.js/g) ?? [])];
  if (names.length !== 1) throw new Error(`expected build/index.js to name one assets manifest, found ${names.length}: run npx remix build`);
  const source = readFileSync(`public/build/${names[0]}`, "utf8");
  const json = source.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "");
  const raw = (JSON.parse(json) as { routes: Record<string, RawRoute> }).routes;
  const pattern = (id: string): string => {
    const route = raw[id]!;
    const parent = route.parentId ? pattern(route.parentId) : "";
    return route.path ? `${parent}/${route.path}`.replace(/\/+/g, "/") : parent;
  };
  return Object.values(raw)
    .map((route) => ({
      id: route.id,
      parentId: route.parentId,
      pattern: pattern(route.id) || "/",
      index: route.index === true,
      hasLoader: route.hasLoader,
      hasAction: route.hasAction,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The pattern with each `:param` replaced; a param without a value throws, naming the route. */
export function fillPattern(route: Pick<ManifestRoute, "id" | "pattern">, params: Record<string, string>): string {
  return route.pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${route.id} (${route.pattern})`);
    return encodeURIComponent(value);
  });
}

/** Where a form for this route is posted: an index route needs `?index`, or the post goes to its layout. */
export function actionPath(route: Pick<ManifestRoute, "id" | "pattern" | "index">, params: Record<string, string>): string {
  const path = fillPattern(route, params);
  return route.index ? `${path}?index` : path;
}
