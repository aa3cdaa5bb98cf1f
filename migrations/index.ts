import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation";
import * as m0002 from "./0002_learning";

/**
 * Every migration, in order. Listed by hand rather than read from the folder
 * so that the server bundle carries them and no file system scan is needed.
 */
export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_learning": m0002,
};
