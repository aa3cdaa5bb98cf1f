import type { Generated, Selectable } from "kysely";

/** The database as the app sees it. Times are ISO-8601 UTC strings. */
export interface Database {
  organizations: OrganizationTable;
  support_lines: SupportLineTable;
  users: UserTable;
  sessions: SessionTable;
  memberships: MembershipTable;
  invitations: InvitationTable;
  password_resets: PasswordResetTable;
  sign_in_failures: SignInFailureTable;
  audit_log: AuditLogTable;
  module_versions: ModuleVersionTable;
  module_progress: ModuleProgressTable;
  quiz_papers: QuizPaperTable;
  quiz_attempts: QuizAttemptTable;
  quiz_answers: QuizAnswerTable;
  accommodations: AccommodationTable;
  reflections: ReflectionTable;
  frameworks: FrameworkTable;
  competencies: CompetencyTable;
  competency_evidence: CompetencyEvidenceTable;
  cohorts: CohortTable;
  cohort_members: CohortMemberTable;
  assignments: AssignmentTable;
  reflection_comments: ReflectionCommentTable;
  organization_keys: OrganizationKeyTable;
  programmes: ProgrammeTable;
  programme_modules: ProgrammeModuleTable;
  programme_competencies: ProgrammeCompetencyTable;
  programme_sign_offs: ProgrammeSignOffTable;
  completion_records: CompletionRecordTable;
  verification_misses: VerificationMissTable;
  known_devices: KnownDeviceTable;
  mail_requests: MailRequestTable;
  sign_up_requests: SignUpRequestTable;
  email_changes: EmailChangeTable;
  cohort_requests: CohortRequestTable;
  outbox: OutboxTable;
  jobs: JobTable;
  job_runs: JobRunTable;
}

export type Role = "admin" | "trainer" | "trainee";

export const ROLES: readonly Role[] = ["admin", "trainer", "trainee"];

export interface OrganizationTable {
  id: string;
  slug: string;
  name: string;
  created_at: string;
}

/** A crisis or support line an organization shows its trainees (migration 0013). */
export interface SupportLineTable {
  id: string;
  organization_id: string;
  name: string;
  phone: string | null;
  text_number: string | null;
  website: string | null;
  hours: string;
  region: string;
  position: number;
  created_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
  /** IANA name, e.g. "Europe/Berlin"; null until known (pages then show UTC). */
  time_zone: string | null;
}

export interface SessionTable {
  /** The SHA-256 (hex) of the session id in the cookie, never the id itself (migration 0007). */
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
  /** Set when the person accepted another invitation to the organization instead; this one was settled with it. */
  superseded_by: string | null;
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
  /** The paper this attempt answered; null for attempts from before papers (migration 0014). */
  paper_id: string | null;
}

/** One attempt's draw, written when the trainee starts the quiz (migration 0014). */
export interface QuizPaperTable {
  id: string;
  organization_id: string;
  user_id: string;
  module_slug: string;
  quiz_id: string;
  content_hash: string;
  /** JSON list of { id, options }: the questions asked, in order, each with its option ids in the order shown. */
  questions: string;
  started_at: string;
}

/** Extra attempts and time granted to a trainee, for one quiz or all (migration 0015). */
export interface AccommodationTable {
  id: string;
  organization_id: string;
  user_id: string;
  /** Both null: every quiz (and timed assessment). */
  module_slug: string | null;
  quiz_id: string | null;
  extra_attempts: number;
  time_multiplier: number | null;
  extra_minutes: number | null;
  granted_by: string;
  granted_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
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
  /** Credit the framework's source asks for (e.g. WHO's adaptation notice). */
  attribution: string | null;
  /** Set when the framework left its source; its competencies and evidence stay. */
  retired_at: string | null;
  /**
   * When an admin turned an imported framework on for the organization's
   * trainees and trainers; null while it is off (an import starts off).
   * Shipped frameworks are always in use and leave it null.
   */
  enabled_at: string | null;
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
  /** When the competency's wording last changed (CASE lastChangeDateTime). */
  updated_at: string;
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

export interface OrganizationKeyTable {
  id: string;
  organization_id: string;
  algorithm: "RS256";
  /** The public key as a JWK (JSON text). */
  public_jwk: string;
  /** PKCS#8 private key, AES-256-GCM under CREDENTIAL_KEY: "v1.<iv>.<tag>.<ciphertext>" (base64url). */
  private_key_encrypted: string;
  created_at: string;
  retired_at: string | null;
}

export type RequiredLevel = "developing" | "demonstrated" | "verified";

export interface ProgrammeTable {
  id: string;
  organization_id: string;
  title: string;
  description: string;
  requires_sign_off: 0 | 1;
  validity_months: number | null;
  /** Goes up by one with every change; records name the version they were issued under. */
  version: Generated<number>;
  created_by: string;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface ProgrammeModuleTable {
  programme_id: string;
  module_slug: string;
  position: number;
}

export interface ProgrammeCompetencyTable {
  programme_id: string;
  competency_id: string;
  min_level: RequiredLevel;
  position: number;
}

export interface ProgrammeSignOffTable {
  id: string;
  organization_id: string;
  programme_id: string;
  user_id: string;
  signed_by: string;
  signed_at: string;
  note: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
}

/** Immutable once issued (database triggers, migration 0006); revoking sets only the revoke_* columns. */
export interface CompletionRecordTable {
  id: string;
  organization_id: string;
  user_id: string;
  programme_id: string;
  /** 16 Crockford base32 characters, upper case, without the dashes shown to people. */
  verification_code: string;
  issued_at: string;
  issued_by: string;
  valid_until: string | null;
  /** What the record says, as it was when issued: later changes to names or programmes never alter it. */
  holder_name: string;
  programme_title: string;
  organization_name: string;
  /** JSON: modules, competencies with levels, sign-off and the criteria narrative. */
  summary: string;
  /** The OpenBadgeCredential (JSON text) and its VC-JWT. */
  credential: string;
  credential_jwt: string;
  key_id: string;
  status_list_index: number;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface VerificationMissTable {
  id: Generated<number>;
  key: string;
  at: string;
}

/** A browser that signed in to the account before, by the SHA-256 of its device cookie. */
export interface KnownDeviceTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  last_sign_in_at: string;
}

export interface MailRequestTable {
  id: Generated<number>;
  /** "email:<address typed>" or "caller:<network address>". */
  key: string;
  at: string;
}

export interface SignUpRequestTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  token_hash: string;
  redirect_to: string | null;
  created_at: string;
  expires_at: string;
}

export interface EmailChangeTable {
  id: string;
  user_id: string;
  new_email: string;
  token_hash: string;
  /** The stored (hashed) id of the session that asked: it stays signed in when the change is confirmed. */
  requested_in_session: string | null;
  created_at: string;
  expires_at: string;
}

export type CohortRequestStatus = "pending" | "accepted" | "declined" | "withdrawn";

/** A trainer's request that an existing member join a cohort, answered by that member (decision 021). */
export interface CohortRequestTable {
  id: string;
  organization_id: string;
  cohort_id: string;
  user_id: string;
  requested_by: string;
  requested_at: string;
  status: CohortRequestStatus;
  answered_at: string | null;
  /** The trainee for accepted and declined; the trainer or admin who withdrew it otherwise. */
  answered_by: string | null;
}

export type OutboxStatus = "queued" | "sending" | "sent" | "failed";

/** A mail on its way (migration 0016, decision 029). */
export interface OutboxTable {
  id: string;
  organization_id: string | null;
  recipient_user_id: string | null;
  to_address: string;
  /** What the mail is about, e.g. "invitation", "password_reset": shown to admins, never its body. */
  kind: string;
  subject: string;
  /** The sealed text, HTML and headers; null once delivered. */
  body_sealed: string | null;
  idempotency_key: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** Who holds the message while sending it, and until when (a process that dies loses it when the lease runs out). */
  lease_token: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A scheduled job and who holds it while it runs (migration 0017, decision 029). */
export interface JobTable {
  name: string;
  next_run_at: string;
  lease_token: string | null;
  lease_until: string | null;
}

export interface JobRunTable {
  id: string;
  job_name: string;
  started_at: string;
  finished_at: string | null;
  outcome: "running" | "ok" | "failed";
  detail: string | null;
  process: string;
}
