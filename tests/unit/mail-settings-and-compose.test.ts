import { describe, expect, it } from "vitest";
import { readConfig } from "~/config.server";
import { composeMail } from "~/mail/compose";
import { describeSmtpFailure } from "~/mail/smtp-transport.server";
import { retryDelayMs } from "~/models/mail/outbox.server";

describe("mail settings", () => {
  it("uses SMTP when SMTP_URL is set, the log otherwise, and MAIL_TRANSPORT wins when given", () => {
    expect(readConfig({}).MAIL_TRANSPORT).toBe("log");
    expect(readConfig({ SMTP_URL: "smtps://u:p@mail.example.org:465", MAIL_FROM: "training@example.org" }).MAIL_TRANSPORT).toBe("smtp");
    expect(readConfig({ SMTP_URL: "smtps://mail.example.org", MAIL_FROM: "a@example.org", MAIL_TRANSPORT: "log" }).MAIL_TRANSPORT).toBe("log");
  });

  it("refuses to start with SMTP settings that cannot work, naming the setting and how to fix it", () => {
    expect(() => readConfig({ MAIL_TRANSPORT: "smtp" })).toThrow(/MAIL_TRANSPORT: is smtp, but SMTP_URL is not set/);
    expect(() => readConfig({ SMTP_URL: "mail.example.org", MAIL_FROM: "a@example.org" })).toThrow(/SMTP_URL: is not an address/);
    expect(() => readConfig({ SMTP_URL: "https://mail.example.org", MAIL_FROM: "a@example.org" })).toThrow(/SMTP_URL: must start with smtps:\/\//);
    expect(() => readConfig({ SMTP_URL: "smtp://mail.example.org" })).toThrow(/MAIL_FROM: required with SMTP/);
    expect(() => readConfig({ SMTP_URL: "smtp://mail.example.org", MAIL_FROM: "Training" })).toThrow(/MAIL_FROM/);
    expect(readConfig({ SMTP_URL: "smtp://mail.example.org", MAIL_FROM: "Riverside Training <t@example.org>" }).MAIL_FROM).toBe("Riverside Training <t@example.org>");
  });
});

describe("a composed mail", () => {
  const mail = composeMail({
    subject: "You <b>are</b> invited",
    blocks: ["Tom & Jerry's group.", { lead: "Open this link:", url: "https://train.example.org/invite/abc?x=1&y=2", action: "Accept" }],
    footer: ["Why you got this."],
  });

  it("has a plain-text part with each link on its own line after its sentence", () => {
    expect(mail.text).toBe("Tom & Jerry's group.\n\nOpen this link:\nhttps://train.example.org/invite/abc?x=1&y=2\n\nWhy you got this.\n");
  });

  it("has an HTML part in English with escaped text and a link whose words say where it goes", () => {
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain("<title>You &lt;b&gt;are&lt;/b&gt; invited</title>");
    expect(mail.html).toContain("<p>Tom &amp; Jerry&#39;s group.</p>");
    expect(mail.html).toContain('<a href="https://train.example.org/invite/abc?x=1&amp;y=2" style="color:#0b57d0;font-weight:bold">Accept</a>');
    expect(mail.html).not.toMatch(/<img|<script/);
  });
});

describe("delivery failures", () => {
  it("a 4xx answer is tried again, a 5xx answer is final, and a refused connection says so", () => {
    expect(describeSmtpFailure({ responseCode: 451, response: "451 4.3.0 busy" })).toMatchObject({ permanent: false, message: expect.stringContaining("451 4.3.0 busy") });
    expect(describeSmtpFailure({ responseCode: 550, response: "550 5.1.1 no such user" }).permanent).toBe(true);
    expect(describeSmtpFailure({ code: "ESOCKET", syscall: "connect" }).message).toMatch(/^Could not connect to the mail server/);
    expect(describeSmtpFailure({ code: "EAUTH" }).message).toMatch(/user name and password in SMTP_URL/);
  });

  it("waits 30 s after the first failure, doubling each time up to an hour", () => {
    expect([1, 2, 3, 4, 8, 9, 10].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000]);
  });
});
