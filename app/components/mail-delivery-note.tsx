import type { MailDelivery } from "~/mail/mailer.server";

/**
 * What became of a message the page cannot show (it holds a link only the
 * mailbox's owner may have). Says "we sent" only when mail really leaves.
 */
export function MailDeliveryNote({ delivery }: { delivery: MailDelivery }) {
  if (delivery === "sent") return null;
  return delivery === "server-log" ? (
    <p>
      This site cannot send email yet. The message was written to the server&apos;s log instead. Ask the person who
      runs this site to pass it on to you.
    </p>
  ) : (
    <p>
      This site is set up not to send email, so the message was not delivered. Ask the person who runs this site for
      help.
    </p>
  );
}
