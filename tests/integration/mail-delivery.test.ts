import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { composeMail } from "~/mail/compose";
import { setMailTransport } from "~/mail/mailer.server";
import { createSmtpTransport } from "~/mail/smtp-transport.server";
import { deliverDueMail, deliverMailNow } from "~/models/mail/mail-delivery.server";
import { claimMail, DELIVERY_LEASE_MS, FIRST_TRY_WINDOW_MS, queueMail } from "~/models/mail/outbox.server";
import { createTestUser } from "../support/factories";
import { HttpClient } from "../support/http-client";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { startTestServer, type TestServer } from "../support/test-server";

/*
 * Mail leaves through a real SMTP server started here (smtp-server) and is
 * read back with mailparser: the outbox delivers, retries when the server
 * refuses or is down, gives up on a final refusal, and a sender that dies
 * between taking a message and sending it leaves it to be sent once.
 */

const FROM = "Riverside Training <training@riverside.example>";
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  setMailTransport(createSmtpTransport({ url: sink.url, from: FROM }));
});
afterAll(async () => {
  setMailTransport(undefined);
  await sink.close();
});
// Each test looks at the whole queue: it starts empty.
beforeEach(async () => {
  await getDb().deleteFrom("outbox").execute();
});
afterEach(() => {
  sink.refusing = false;
  sink.holding = false;
});

let counter = 0;
async function queueTestMail(to = `reader${++counter}@example.org`) {
  const mail = composeMail({
    subject: `A test message ${counter}`,
    blocks: ["Hello & welcome.", { lead: "Open this link to go on:", url: `https://train.example.org/invite/abcdefghijklmnop${counter}`, action: "Go on" }],
  });
  const id = await queueMail(getDb(), { to, kind: "test", ...mail });
  return { id: id!, to };
}

const row = (id: string) => getDb().selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const arrivedFor = (to: string) => sink.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to);
const later = (ms: number) => () => new Date(Date.now() + ms);

describe("delivery through SMTP", () => {
  it("delivers a plain-text and an HTML part from MAIL_FROM, and erases the stored body once sent", async () => {
    const { id, to } = await queueTestMail();
    const queued = await row(id);
    expect(queued.status).toBe("queued");
    expect(queued.body_sealed, "the link is not stored readable").not.toContain("/invite/");

    expect(await deliverMailNow([id])).toEqual(["sent"]);
    const [message] = await sink.waitFor(1).then(() => arrivedFor(to));
    expect(message!.from!.value).toEqual([{ name: "Riverside Training", address: "training@riverside.example" }]);
    expect(message!.subject).toMatch(/^A test message/);
    expect(message!.text).toContain("Hello & welcome.\n\nOpen this link to go on:\nhttps://train.example.org/invite/");
    expect(message!.html).toContain('<html lang="en">');
    expect(message!.html).toContain("Hello &amp; welcome.");
    expect(message!.html).toMatch(/<a href="https:\/\/train\.example\.org\/invite\/[a-z0-9]+"[^>]*>Go on<\/a>/);
    expect(message!.messageId).toContain(id);

    const sent = await row(id);
    expect(sent).toMatchObject({ status: "sent", body_sealed: null, attempts: 1, lease_token: null });
    expect(await deliverMailNow([id]), "a sent message is not sent again").toEqual([]);
    expect(arrivedFor(to)).toHaveLength(1);
  });

  it("when the server says 'try later', waits with back-off and delivers once it takes mail again", async () => {
    const { id, to } = await queueTestMail();
    sink.refusing = 451;
    expect(await deliverMailNow([id])).toEqual(["retrying"]);
    const waiting = await row(id);
    expect(waiting.status).toBe("queued");
    expect(waiting.last_error).toMatch(/refused the message: 451/);
    const wait = Date.parse(waiting.next_attempt_at) - Date.now();
    expect(wait).toBeGreaterThan(20_000);
    expect(wait).toBeLessThanOrEqual(30_000);

    sink.refusing = false;
    expect(await deliverDueMail({ now: later(0) }), "not before its time").toEqual([]);
    expect(await deliverDueMail({ now: later(31_000) })).toEqual(["sent"]);
    await sink.waitFor(1);
    expect(arrivedFor(to)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("when the server is down, the mail waits in the outbox and goes when it is back", async () => {
    const { id, to } = await queueTestMail();
    await sink.close();
    try {
      expect(await deliverMailNow([id])).toEqual(["retrying"]);
      expect((await row(id)).last_error).toMatch(/Could not connect to the mail server/);
    } finally {
      const port = sink.port;
      const received = sink.received;
      sink = await startSmtpSink(port);
      sink.received.push(...received);
    }
    expect(await deliverDueMail({ now: later(31_000) })).toEqual(["sent"]);
    await expect.poll(() => arrivedFor(to).length).toBe(1);
  });

  it("a final refusal (550) is not tried again: it is marked failed with the server's reason", async () => {
    const { id } = await queueTestMail();
    sink.refusing = 550;
    expect(await deliverMailNow([id])).toEqual(["failed"]);
    expect(await row(id)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await row(id)).last_error).toMatch(/550 .*No such mailbox/);
    expect(await deliverDueMail({ now: later(24 * 3_600_000) })).toEqual([]);
  });

  it("a mail queued twice under one idempotency key is stored and sent once", async () => {
    const mail = { to: "once@example.org", kind: "test" as const, idempotencyKey: `test:${Date.now()}`, ...composeMail({ subject: "Once", blocks: ["Once only."] }) };
    const first = await queueMail(getDb(), mail);
    const second = await queueMail(getDb(), mail);
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await getDb().selectFrom("outbox").select("id").where("to_address", "=", "once@example.org").execute()).toHaveLength(1);
  });
});

describe("a sender that dies between taking a message and sending it", () => {
  it("leaves it to the next process once its lease runs out, and it arrives exactly once", async () => {
    const { id, to } = await queueTestMail();
    // Process A claims it, then dies: it never sends and never reports back.
    const claimed = await claimMail({ id });
    expect(claimed?.id).toBe(id);
    expect((await row(id)).status).toBe("sending");

    // Process B polls while A's lease holds: it leaves the message alone.
    expect(await deliverDueMail({ now: later(FIRST_TRY_WINDOW_MS + 1_000) })).toEqual([]);
    // Once the lease has run out, B sends it.
    expect(await deliverDueMail({ now: later(DELIVERY_LEASE_MS + 1_000) })).toEqual(["sent"]);
    await sink.waitFor(1);
    expect(arrivedFor(to)).toHaveLength(1);
    expect(await deliverDueMail({ now: later(DELIVERY_LEASE_MS * 3) })).toEqual([]);
    expect(arrivedFor(to)).toHaveLength(1);
  });
});

describe("the server process killed during delivery", () => {
  let server: TestServer | undefined;
  afterAll(() => server?.stop());

  it("sends the mail exactly once after a restart, and its link works", async () => {
    const person = await createTestUser();
    const env = { SMTP_URL: sink.url, MAIL_FROM: FROM };
    server = await startTestServer(env);
    sink.holding = true;
    const asked = await new HttpClient(server.origin).post("/forgot-password", { email: person.email });
    expect(asked.status).toBe(200);
    // The server is in the middle of handing the message over: the mail server has it, and has not said "accepted".
    await expect.poll(() => sink.held).toBeGreaterThan(0);
    const killed = server;
    await killed.kill();
    sink.holding = false;
    const [stuck] = await getDb().selectFrom("outbox").selectAll().where("to_address", "=", person.email).execute();
    expect(stuck!.status).toBe("sending");

    server = await startTestServer({ ...env, PORT: new URL(killed.origin).port });
    // Two minutes pass (the lease of the dead process runs out): moved back rather than waited for.
    await sql`update outbox set lease_until = ${new Date(Date.now() - 1000).toISOString()} where id = ${stuck!.id}`.execute(getDb());
    await expect.poll(() => arrivedFor(person.email).length, { timeout: 15_000 }).toBe(1);
    // Another poll or two later: still once.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(arrivedFor(person.email)).toHaveLength(1);
    expect(await row(stuck!.id)).toMatchObject({ status: "sent", attempts: 2 });

    const token = /\/reset-password\/([a-z2-7]+)/.exec(arrivedFor(person.email)[0]!.text!)![1]!;
    expect((await new HttpClient(server.origin).get(`/reset-password/${token}`)).status).toBe(200);
  });
});
