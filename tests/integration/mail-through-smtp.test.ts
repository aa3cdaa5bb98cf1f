import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createTestOrganization, createTestMember, createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { pageText } from "../support/page-text";
import { signedInClient } from "../support/sign-in";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * A site set up with SMTP_URL and MAIL_FROM, talking to a real SMTP server
 * started here: invitations and resets arrive with working links, the pages
 * say an email was sent, and a delivery the mail server refuses for good is
 * shown to the organization's admin (who, what, why) and can be sent again.
 */

let sink: SmtpSink;
let server: TestServer;
beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ SMTP_URL: sink.url, MAIL_FROM: "Harbor Training <training@harbor.example>" });
});
afterAll(async () => {
  await server?.stop();
  await sink?.close();
});

const mailTo = (to: string) => sink.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to);
async function arrivedFor(to: string, count = 1) {
  await expect.poll(() => mailTo(to).length, { timeout: 10_000 }).toBe(count);
  return mailTo(to).at(-1)!;
}

describe("with SMTP configured", () => {
  it("an admin's invitation arrives by email with a link that opens the invitation, and the page says it was emailed", async () => {
    const { organization, admin } = await createTestOrganization("Harbor Peers");
    const client = await signedInClient(server.origin, admin);
    const form = await pageText(await client.get(`/o/${organization.slug}/admin/invitations`));
    expect(form).toContain("We email the person an invitation link.");

    const email = `invitee-${Date.now()}@example.org`;
    const made = await client.post(`/o/${organization.slug}/admin/invitations`, { intent: "invite", email, role: "trainee" });
    expect(made.status).toBe(200);
    const page = await pageText(made);
    expect(page).toContain("We emailed them the invitation.");
    expect(page).not.toContain("does not send email");

    const mail = await arrivedFor(email);
    expect(mail.subject).toBe("You are invited to join Harbor Peers");
    expect(mail.from!.value[0]!.address).toBe("training@harbor.example");
    expect(mail.html).toContain(">Accept the invitation</a>");
    const link = /https?:\/\/\S+\/invite\/[a-z2-7]+/.exec(mail.text!)![0];
    expect(link.startsWith(server.appUrl)).toBe(true);
    const opened = await new HttpClient(server.origin).get(new URL(link).pathname);
    expect(opened.status).toBe(200);
    expect(await pageText(opened)).toContain("Harbor Peers");
  });

  it("a password reset arrives, and its link sets a new password", async () => {
    const person = await createTestUser();
    const asked = await new HttpClient(server.origin).post("/forgot-password", { email: person.email });
    expect(await pageText(asked)).toContain("we have sent it a link to choose a new password");
    const mail = await arrivedFor(person.email);
    expect(mail.subject).toBe("Reset your password");
    const token = /\/reset-password\/([a-z2-7]+)/.exec(mail.text!)![1]!;
    const saved = await new HttpClient(server.origin).post(`/reset-password/${token}`, { password: "a brand new morning routine" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/signin?reset=done");
    // And the notice that the password changed follows.
    expect((await arrivedFor(person.email, 2)).subject).toBe("Your password was changed");
  });

  it("a mail the server refuses for good is listed for the admin with who, what and why; sent again, it arrives; the resend is audited", async () => {
    const { organization, admin } = await createTestOrganization("Refused Mail Org");
    const client = await signedInClient(server.origin, admin);
    const email = `bounce-${Date.now()}@example.org`;
    sink.refusing = 550;
    try {
      await client.post(`/o/${organization.slug}/admin/invitations`, { intent: "invite", email, role: "trainer" });
      await expect
        .poll(async () => (await getDb().selectFrom("outbox").select("status").where("to_address", "=", email).executeTakeFirst())?.status, { timeout: 10_000 })
        .toBe("failed");
    } finally {
      sink.refusing = false;
    }
    const listed = await pageText(await client.get(`/o/${organization.slug}/admin/mail`));
    expect(listed).toContain(email);
    expect(listed).toContain("Invitation: You are invited to join Refused Mail Org");
    expect(listed).toMatch(/The mail server refused the message: 550.*No such mailbox/);

    // A trainer of the organization may not see or resend it.
    const trainer = await signedInClient(server.origin, await createTestMember(organization.id, "trainer"));
    expect((await trainer.get(`/o/${organization.slug}/admin/mail`)).status).toBe(403);
    // Another organization's admin cannot resend it either.
    const other = await createTestOrganization("Elsewhere Org");
    const outsider = await signedInClient(server.origin, other.admin);
    const [row] = await getDb().selectFrom("outbox").select("id").where("to_address", "=", email).execute();
    expect((await outsider.post(`/o/${other.organization.slug}/admin/mail`, { intent: "resend", outboxId: row!.id })).status).toBe(404);
    expect(mailTo(email)).toHaveLength(0);

    const resent = await client.post(`/o/${organization.slug}/admin/mail`, { intent: "resend", outboxId: row!.id });
    expect(resent.status).toBe(200);
    expect(await pageText(resent)).toContain(`The mail to ${email} is being sent again.`);
    const mail = await arrivedFor(email);
    expect(mail.text).toMatch(/\/invite\/[a-z2-7]+/);
    expect(await pageText(await client.get(`/o/${organization.slug}/admin/mail`))).toContain("No mail has failed.");
    const audit = await getDb().selectFrom("audit_log").selectAll().where("organization_id", "=", organization.id).where("action", "=", "mail.resent").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: admin.id, subject: `outbox:${row!.id}` });

    // Sent once; a second press finds nothing to resend.
    const again = await client.post(`/o/${organization.slug}/admin/mail`, { intent: "resend", outboxId: row!.id });
    expect(again.status).toBe(404);
  });
});
