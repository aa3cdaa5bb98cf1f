import { gunzipSync } from "node:zlib";
import type { RequiredLevel } from "~/db/schema";
import { recordObservation } from "~/models/competencies/competency-evidence.server";
import { issueCompletionRecord } from "~/models/records/record-issuing.server";
import { createProgramme, getProgramme } from "~/models/records/programme.server";
import { findCurrentSignOff, signOffProgramme } from "~/models/records/programme-sign-off.server";
import { completeModule } from "./cohort-factories";
import { findCompetency } from "./competency-factories";

/*
 * Test data for programmes and completion records: a programme through the
 * model, a trainee brought up to its requirements the way trainees and
 * trainers do it (modules completed, observations recorded, a sign-off),
 * and a record issued through the model.
 */

export const BASICS = "what-is-peer-support";
export const MUTUALITY = "mutuality-and-equality";

export async function createTestProgramme(input: {
  organizationId: string;
  adminId: string;
  title?: string;
  description?: string;
  modules?: string[];
  competencies?: { code: string; minLevel: RequiredLevel }[];
  requiresSignOff?: boolean;
  validityMonths?: number | null;
}) {
  const competencies = [];
  for (const c of input.competencies ?? []) competencies.push({ competencyId: (await findCompetency(c.code)).id, minLevel: c.minLevel });
  const id = await createProgramme(
    { organizationId: input.organizationId, actorId: input.adminId },
    {
      title: input.title ?? `Programme ${Math.random().toString(36).slice(2, 8)}`,
      description: input.description ?? "Foundation training for peer support workers.",
      moduleSlugs: input.modules ?? [BASICS],
      competencies,
      requiresSignOff: input.requiresSignOff ?? false,
      validityMonths: input.validityMonths ?? null,
    },
  );
  return getProgramme(input.organizationId, id);
}

/** Meets every requirement of the programme: its modules completed, its competencies observed at 3 (verified), signed off. */
export async function makeEligible(input: { organizationId: string; trainee: { id: string }; trainer: { id: string }; programmeId: string }) {
  const scope = { organizationId: input.organizationId, userId: input.trainee.id };
  const programme = await getProgramme(input.organizationId, input.programmeId);
  for (const module of programme.modules) await completeModule(scope, module.slug);
  for (const competency of programme.competencies) {
    await recordObservation({
      organizationId: input.organizationId,
      learnerId: input.trainee.id,
      observerId: input.trainer.id,
      competencyId: competency.id,
      rating: 3,
      note: "Seen in a role-play: listened first and asked what the person wanted.",
    });
  }
  if (programme.requiresSignOff && !(await findCurrentSignOff({ organizationId: input.organizationId, programmeId: programme.id, userId: input.trainee.id }))) {
    await signOffProgramme({ organizationId: input.organizationId, programmeId: programme.id, learnerId: input.trainee.id, actorId: input.trainer.id, note: "" });
  }
}

export async function issueTestRecord(input: {
  organization: { id: string; name: string };
  admin: { id: string };
  programmeId: string;
  trainee: { id: string };
  origin: string;
  now?: Date;
}) {
  return issueCompletionRecord({
    organizationId: input.organization.id,
    organizationName: input.organization.name,
    actorId: input.admin.id,
    programmeId: input.programmeId,
    learnerId: input.trainee.id,
    appOrigin: input.origin,
    now: input.now,
  });
}

/** Whether position `index` is set in a Bitstring Status List `encodedList` (multibase "u", gzip, first bit leftmost). */
export function statusBit(encodedList: string, index: number): boolean {
  if (!encodedList.startsWith("u")) throw new Error(`encodedList must start with the multibase prefix u: ${encodedList.slice(0, 10)}`);
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/** The verification code as the pages show it (the records table stores it without dashes). */
export function dashed(code: string): string {
  return code.match(/.{4}/g)!.join("-");
}
