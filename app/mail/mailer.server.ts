import { getConfig } from "~/config.server";
import { log } from "~/logger.server";
import type { MailTransport } from "~/mail/mail-transport.server";
import { createSmtpTransport } from "~/mail/smtp-transport.server";

export type { MailTransport, OutgoingMessage } from "~/mail/mail-transport.server";

/**
 * With no mail server, a message is written to the server log: that line is
 * the delivery, so it carries the link. No other log line may hold a token.
 */
const logTransport: MailTransport = {
  reachesInboxes: false,
  async send(message) {
    const headers = Object.keys(message.headers).length > 0 ? { headers: message.headers } : {};
    log.info("mail.outgoing", { to: message.to, subject: message.subject, text: message.text, ...headers });
  },
};

const silentTransport: MailTransport = { reachesInboxes: false, async send() {} };

let override: MailTransport | undefined;
let fromConfig: MailTransport | undefined;

/** Lets a test or a script take over delivery (the demo seeding sends nothing). */
export function setMailTransport(transport: MailTransport | undefined): void {
  override = transport;
}

export function currentMailTransport(): MailTransport {
  if (override) return override;
  if (!fromConfig) {
    const config = getConfig();
    fromConfig =
      config.MAIL_TRANSPORT === "smtp"
        ? createSmtpTransport({ url: config.SMTP_URL!, from: config.MAIL_FROM! })
        : config.MAIL_TRANSPORT === "none"
          ? silentTransport
          : logTransport;
  }
  return fromConfig;
}

/**
 * Whether mail reaches people's inboxes. The log and silent transports do
 * not, so pages that make a link say so and show it to copy instead of
 * claiming it was sent (decision 005). True with SMTP_URL set.
 */
export function mailReachesInboxes(): boolean {
  return currentMailTransport().reachesInboxes;
}

/**
 * Where a message goes, so that a page can say truthfully what became of a
 * link it cannot show: to the person's inbox (SMTP), only into the server's
 * log, or nowhere (MAIL_TRANSPORT=none).
 */
export type MailDelivery = "sent" | "server-log" | "dropped";

export function mailDelivery(): MailDelivery {
  if (mailReachesInboxes()) return "sent";
  if (override) return "dropped";
  return getConfig().MAIL_TRANSPORT === "none" ? "dropped" : "server-log";
}
