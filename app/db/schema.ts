import type { Generated, Insertable, Selectable } from "kysely";

/** The database as the app sees it. Times are ISO-8601 UTC strings. */
export interface Database {
  organizations: OrganizationTable;
  users: UserTable;
  sessions: SessionTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  password_resets: PasswordResetTable;
  sign_in_failures: SignInFailureTable;
  audit_log: AuditLogTable;
  module_versions: ModuleVersionTable;
  module_progress: ModuleProgressTable;
  quiz_attempts: QuizAttemptTable;
  quiz_answers: QuizAnswerTable;
  reflections: ReflectionTable;
  frameworks: FrameworkTable;
  competencies: CompetencyTable;
  competency_evidence: CompetencyEvidenceTable;
  cohorts: CohortTable;
  cohort_members: CohortMemberTable;
  assignments: AssignmentTable;
  reflection_comments: ReflectionCommentTable;
}

export type Role = "admin" | "trainer" | "trainee";
export const ROLES: readonly Role[] = ["admin", "trainer", "trainee"];

export interface OrganizationTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string;
  user_id: string;
  expires_at: string;
  created_at: string;
}

export interface MembershipTable {
  user_id: string;
  organization_id: string;
  role: Role;
  created_at: string;
}

export interface InvitationTable {
  id: string;
  organization_id: string;
  email: string;
  role: Role;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
  cohort_id: string | null;
}

export interface PasswordResetTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SignInFailureTable {
  id: Generated<number>;
  key: string;
  at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  organization_id: string;
  actor_id: string | null;
  action: string;
  subject: string;
  data: string;
  at: string;
}

export interface ModuleVersionTable {
  module_slug: string;
  content_hash: string;
  title: string;
  published_at: string;
}

export interface ModuleProgressTable {
  organization_id: string;
  user_id: string;
  module_slug: string;
  started_at: string;
  updated_at: string;
  last_section: string | null;
  /** JSON list of section ids the trainee has opened. */
  sections_seen: string;
  completed_at: string | null;
}

export interface QuizAttemptTable {
  id: string;
  organization_id: string;
  user_id: string;
  module_slug: string;
  quiz_id: string;
  content_hash: string;
  submitted_at: string;
  score: number;
  max_score: number;
  passed: 0 | 1;
}

export interface QuizAnswerTable {
  attempt_id: string;
  question_id: string;
  /** JSON list of the chosen option ids. */
  answer: string;
  score: number;
}

export type ReflectionVisibility = "private" | "shared";

export interface ReflectionTable {
  id: string;
  organization_id: string;
  user_id: string;
  module_slug: string;
  prompt_id: string;
  content_hash: string;
  body: string;
  visibility: ReflectionVisibility;
  created_at: string;
  updated_at: string;
  shared_at: string | null;
}

export interface FrameworkTable {
  id: string;
  /** Null for frameworks shipped in content/frameworks; set for imported ones. */
  organization_id: string | null;
  slug: string;
  title: string;
  publisher: string;
  description: string | null;
  licence: string | null;
  case_identifier: string;
  source: "content" | "imported";
  created_at: string;
  updated_at: string;
}

export interface CompetencyTable {
  id: string;
  framework_id: string;
  code: string;
  title: string;
  description: string | null;
  /** JSON list of observable behaviours. */
  behaviours: string;
  position: number;
  case_identifier: string;
  retired_at: string | null;
}

export type EvidenceKind = "quiz" | "reflection" | "observation" | "self_assessment";

export interface CompetencyEvidenceTable {
  id: string;
  organization_id: string;
  user_id: string;
  competency_id: string;
  kind: EvidenceKind;
  /** What the evidence points at, e.g. "quiz_attempt:<id>" or "reflection:<id>". */
  source_ref: string;
  /** 1 to 4 for self-assessment and observation; null otherwise. */
  rating: number | null;
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

export interface CohortTable {
  id: string;
  organization_id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  archived_at: string | null;
  created_by: string;
  created_at: string;
}

export type CohortRole = "trainer" | "trainee";

export interface CohortMemberTable {
  cohort_id: string;
  user_id: string;
  role: CohortRole;
  added_at: string;
}

export interface AssignmentTable {
  id: string;
  cohort_id: string;
  module_slug: string;
  due_on: string | null;
  assigned_by: string;
  assigned_at: string;
}

export interface ReflectionCommentTable {
  id: string;
  reflection_id: string;
  organization_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export type User = Selectable<UserTable>;
export type Organization = Selectable<OrganizationTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
