import type { Migration } from "kysely";
import * as m0001 from "./0001_foundation";
import * as m0002 from "./0002_learning";
import * as m0003 from "./0003_cohorts_and_competencies";
import * as m0004 from "./0004_competency_tracker";
import * as m0005 from "./0005_cohort_progress_indexes";
import * as m0006 from "./0006_completion_records";
import * as m0007 from "./0007_session_security";
import * as m0008 from "./0008_cohort_consent";
import * as m0009 from "./0009_framework_activation";
import * as m0010 from "./0010_user_time_zone";
import * as m0013 from "./0013_support_lines";
import * as m0014 from "./0014_quiz_papers";
import * as m0015 from "./0015_accommodations";
import * as m0016 from "./0016_mail_outbox";
import * as m0017 from "./0017_jobs";

/**
 * Every migration, in order. Listed by hand rather than read from the folder
 * so that the server bundle carries them and no file system scan is needed.
 */
export const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_learning": m0002,
  "0003_cohorts_and_competencies": m0003,
  "0004_competency_tracker": m0004,
  "0005_cohort_progress_indexes": m0005,
  "0006_completion_records": m0006,
  "0007_session_security": m0007,
  "0008_cohort_consent": m0008,
  "0009_framework_activation": m0009,
  "0010_user_time_zone": m0010,
  "0013_support_lines": m0013,
  "0014_quiz_papers": m0014,
  "0015_accommodations": m0015,
  "0016_mail_outbox": m0016,
  "0017_jobs": m0017,
};
