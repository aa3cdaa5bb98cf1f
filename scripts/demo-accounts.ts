import type { Role } from "../app/db/schema";

/**
 * The demo organization's people. Their passwords are public on purpose:
 * `npm start` prints them so a newcomer can try every role at once.
 */
export const DEMO_ORGANIZATION = { name: "Riverside Peer Support (demo)", slug: "riverside-peer-support-demo" };

export const DEMO_ACCOUNTS: { role: Role; displayName: string; email: string; password: string }[] = [
  { role: "admin", displayName: "Alex Admin", email: "admin@riverside.example", password: "admin-demo-password" },
  { role: "trainer", displayName: "Tamsin Trainer", email: "trainer@riverside.example", password: "trainer-demo-password" },
  { role: "trainee", displayName: "Amara Okafor", email: "amara@riverside.example", password: "trainee-demo-password" },
  { role: "trainee", displayName: "Ben Lindqvist", email: "ben@riverside.example", password: "trainee-demo-password" },
];
