import type { LearnerScope } from "~/models/learning/module-progress.server";
import { checkEligibilities, type RequirementCheck } from "~/models/records/eligibility.server";
import { listProgrammeDetails } from "~/models/records/programme.server";
import { listRecordsOfHolder, type RecordListItem } from "~/models/records/record-listing.server";

export interface ProgrammeProgress {
  id: string;
  title: string;
  description: string;
  requiresSignOff: boolean;
  signedOff: boolean;
  /** Holds a valid record of the programme now. */
  held: boolean;
  eligible: boolean;
  checks: RequirementCheck[];
}

/**
 * One person's records and where they stand for each current programme: the
 * page they see, and the page their trainers and admins see about them. The
 * same number of queries whatever the number of programmes.
 */
export async function getHolderRecordsPage(scope: LearnerScope): Promise<{ records: RecordListItem[]; progress: ProgrammeProgress[] }> {
  const [records, programmes] = await Promise.all([listRecordsOfHolder(scope), listProgrammeDetails(scope.organizationId)]);
  const eligibilities = await checkEligibilities(scope, programmes);
  const progress = programmes.map((programme, index) => {
    const eligibility = eligibilities[index]!;
    return {
      id: programme.id,
      title: programme.title,
      description: programme.description,
      requiresSignOff: programme.requiresSignOff,
      signedOff: eligibility.signOff !== null,
      held: records.some((r) => r.programmeId === programme.id && r.status === "valid"),
      eligible: eligibility.eligible,
      checks: eligibility.checks,
    };
  });
  return { records, progress };
}
