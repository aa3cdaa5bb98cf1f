import { flatRoutes } from "remix-flat-routes";

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Routes live in folders by audience (remix-flat-routes' hybrid convention,
  // as in the Epic Stack): a folder ending in "+" reads as dots, so
  // "o.$orgSlug+/learn+/journal.tsx" is the route "o.$orgSlug.learn.journal".
  // Remix's own convention is switched off so that each file is read once.
  ignoredRouteFiles: ["**/*"],
  routes: async (defineRoutes) =>
    flatRoutes("routes", defineRoutes, { ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"] }),
  // The HTTP server is compiled into the same bundle as the app, so the
  // server and every route share one database connection and one config.
  server: "./server/index.ts",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    // v3_routeConfig is the one v3 flag left off: it needs the Vite plugin
    // (routes.ts is loaded through vite-node) and the classic compiler refuses it.
  },
};
