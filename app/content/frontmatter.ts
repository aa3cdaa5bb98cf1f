import { z } from "zod";

export const TRACKS = ["foundations", "who-qualityrights", "peer-support-canada"] as const;
export const TRACK_TITLES: Record<(typeof TRACKS)[number], string> = {
  foundations: "Foundations",
  "who-qualityrights": "WHO QualityRights: one-to-one peer support",
  "peer-support-canada": "Peer Support Canada core skills",
};

const competencyCode = z.string().regex(/^[a-z]+\.[a-z0-9-]+$/, "must look like who.role-01 or psc.demeanour");

export const frontmatterSchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    summary: z.string().trim().min(1).max(400),
    track: z.enum(TRACKS),
    order: z.number().int().min(0).max(1000),
    minutes: z.number().int().min(1).max(600),
    passMark: z.number().min(0.5).max(1).default(0.8),
    competencies: z.array(competencyCode).default([]),
    contentNotes: z.array(z.string().trim().min(1).max(300)).default([]),
    sources: z
      .array(
        z.strictObject({
          title: z.string().min(1),
          publisher: z.string().min(1),
          // Left out when the source gives no date: an invented year is a false citation.
          year: z.number().int().min(1800).max(2100).optional(),
          url: z.url().optional(),
          licence: z.string().min(1),
        }),
      )
      .min(1, "name at least one source"),
    licence: z.string().min(1),
    attribution: z.string().min(1).optional(),
  })
  .strict();
