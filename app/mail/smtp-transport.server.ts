import nodemailer from "nodemailer";
import { MailRefusedError, type MailTransport, type OutgoingMessage } from "~/mail/mail-transport.server";

/*
 * SMTP through nodemailer. Timeouts are short and fixed: the delivery lease
 * (decision 029) must outlast the slowest send, so a stuck server costs one
 * attempt, not a message held for ten minutes.
 */

export interface SmtpSettings {
  /** smtp://user:password@host:587 or smtps://user:password@host:465 */
  url: string;
  /** The sender, e.g. "Riverside Training <training@riverside.example>". */
  from: string;
}

export const SMTP_TIMEOUT_MS = { connection: 10_000, greeting: 10_000, socket: 30_000 };

function transportOptions(settings: SmtpSettings) {
  const url = new URL(settings.url);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: SMTP_TIMEOUT_MS.connection,
    greetingTimeout: SMTP_TIMEOUT_MS.greeting,
    socketTimeout: SMTP_TIMEOUT_MS.socket,
  };
}

interface SmtpError {
  code?: string;
  syscall?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Why a send failed, in words an admin can act on; the server's own answer included, passwords never. */
export function describeSmtpFailure(error: unknown): MailRefusedError {
  const e = (error ?? {}) as SmtpError;
  if (typeof e.responseCode === "number") {
    const answer = (e.response ?? "").replace(/\s+/g, " ").slice(0, 300);
    // RFC 5321: a 5yz answer is final (no such mailbox, refused); a 4yz one says try again later.
    const permanent = e.responseCode >= 500 && e.responseCode < 600;
    return new MailRefusedError(`The mail server refused the message: ${answer || e.responseCode}`, permanent);
  }
  const reasons: Record<string, string> = {
    ECONNECTION: "Could not connect to the mail server",
    ETIMEDOUT: "The mail server did not answer in time",
    ESOCKET: "The connection to the mail server broke",
    EAUTH: "The mail server did not accept the user name and password in SMTP_URL",
    ETLS: "Could not start a secure connection with the mail server",
    EDNS: "The mail server's name in SMTP_URL was not found",
  };
  const reason = e.syscall === "connect" ? reasons.ECONNECTION! : ((e.code && reasons[e.code]) ?? "Sending failed");
  return new MailRefusedError(`${reason} (${e.code ?? "no code"}).`, false);
}

export function createSmtpTransport(settings: SmtpSettings): MailTransport {
  const transporter = nodemailer.createTransport(transportOptions(settings));
  const host = new URL(settings.url).hostname || "localhost";
  return {
    reachesInboxes: true,
    async send(message: OutgoingMessage) {
      try {
        await transporter.sendMail({
          from: settings.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers,
          // The same id on every attempt: a mail sent again after a crash (decision 029) is one message to mail clients that merge them.
          messageId: `<${message.id}@${message.messageIdDomain ?? host}>`,
        });
      } catch (error) {
        throw describeSmtpFailure(error);
      }
    },
  };
}
