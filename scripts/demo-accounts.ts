import type { Role } from "../app/db/schema";

/**
 * The demo organization's people. Their passwords are public on purpose:
 * `npm start` prints them so a newcomer can try every role at once. The
 * trainees are at different stages (scripts/demo-activity.ts): Amara holds a
 * record, Ben is halfway, Priya has just begun, Jonas's record was revoked.
 */
export const DEMO_ORGANIZATION = { name: "Riverside Peer Support (demo)", slug: "riverside-peer-support-demo" };

export type DemoAccount = { role: Role; displayName: string; email: string; password: string };

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: "admin", displayName: "Alex Admin", email: "admin@riverside.example", password: "admin-demo-password" },
  { role: "trainer", displayName: "Tamsin Trainer", email: "trainer@riverside.example", password: "trainer-demo-password" },
  { role: "trainee", displayName: "Amara Okafor", email: "amara@riverside.example", password: "trainee-demo-password" },
  { role: "trainee", displayName: "Ben Lindqvist", email: "ben@riverside.example", password: "trainee-demo-password" },
  { role: "trainee", displayName: "Priya Raman", email: "priya@riverside.example", password: "trainee-demo-password" },
  { role: "trainee", displayName: "Jonas Weber", email: "jonas@riverside.example", password: "trainee-demo-password" },
];
