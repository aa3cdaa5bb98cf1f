/** One message as a transport hands it over: taken from the outbox (decision 029). */
export interface OutgoingMessage {
  /** The outbox row's id: the Message-ID is made from it, the same on every attempt. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** The domain after the @ of the Message-ID (the site's host). */
  messageIdDomain?: string;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
  /** Whether a message reaches the person's inbox (SMTP), or only the log or nowhere. */
  reachesInboxes: boolean;
}

/** A send that did not go through: `permanent` when trying again cannot help (the server said 5xx). */
export class MailRefusedError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = "MailRefusedError";
  }
}
