import { getConfig } from "~/config.server";
import { log } from "~/logger.server";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * With no mail server, a message is written to the server log: that line is
 * the delivery, so it carries the link. No other log line may hold a token.
 */
const logTransport: MailTransport = {
  async send(mail) {
    log.info("mail.outgoing", { to: mail.to, subject: mail.subject, text: mail.text });
  },
};

const silentTransport: MailTransport = { async send() {} };

let override: MailTransport | undefined;

/** Lets a later SMTP transport (or a test) take over delivery. */
export function setMailTransport(transport: MailTransport | undefined): void {
  override = transport;
}

/**
 * Whether mail reaches people's inboxes. The log and silent transports do
 * not, so pages that make a link say so and show it to copy instead of
 * claiming it was sent (decision 005). True once a real transport takes over.
 */
export function mailReachesInboxes(): boolean {
  return override !== undefined;
}

export async function sendMail(mail: OutgoingMail): Promise<void> {
  const transport = override ?? (getConfig().MAIL_TRANSPORT === "none" ? silentTransport : logTransport);
  await transport.send(mail);
}

/**
 * Where a message goes, so that a page can say truthfully what became of a
 * link it cannot show: there is no mail server yet (issue 17), so with the
 * default transport the message is only written to the server's log.
 */
export type MailDelivery = "sent" | "server-log" | "dropped";

export function mailDelivery(): MailDelivery {
  if (override) return "sent";
  return getConfig().MAIL_TRANSPORT === "none" ? "dropped" : "server-log";
}
