/** Where the build writes compiled modules; the server reads them from here at start. */
export const CATALOG_PATH = "build/content/catalog.json";
