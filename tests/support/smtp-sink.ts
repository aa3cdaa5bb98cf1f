import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./test-server";

/**
 * A real SMTP server in the test process (smtp-server), whose accepted
 * messages are parsed with mailparser. It can refuse for a while (a 451 to
 * every recipient, as a busy server says "try later") or hold a message
 * without answering (so a test can kill the sender mid-delivery).
 */
export interface SmtpSink {
  url: string;
  port: number;
  /** Messages the server accepted (answered 250 to), oldest first. */
  received: ParsedMail[];
  /** Refuse every recipient with this code (451: try later; 550: no such mailbox) until set back to false. */
  refusing: false | 451 | 550;
  /** Hold each message's data without answering until set back to false (the message is then accepted). */
  holding: boolean;
  /** How many messages arrived while holding (seen, not yet accepted). */
  held: number;
  /** Waits until `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(port?: number): Promise<SmtpSink> {
  const chosenPort = port ?? (await freePort());
  const closed = new Set<string>();
  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${chosenPort}`,
    port: chosenPort,
    received: [],
    refusing: false,
    holding: false,
    held: 0,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (sink.received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, ${sink.received.length} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return sink.received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (sink.refusing) {
        const error = new Error(sink.refusing === 451 ? "Mailbox busy, try again later" : "No such mailbox here") as Error & { responseCode: number };
        error.responseCode = sink.refusing;
        return callback(error);
      }
      callback();
    },
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const accept = async () => {
          sink.received.push(await simpleParser(Buffer.concat(chunks)));
          callback();
        };
        if (!sink.holding) return void accept();
        sink.held++;
        const wait = setInterval(() => {
          // A sender that died while its message was held never heard "accepted": the message is not delivered.
          if (closed.has(session.id)) return clearInterval(wait);
          if (sink.holding) return;
          clearInterval(wait);
          void accept();
        }, 20);
      });
    },
  });
  // A client that goes away mid-message is not our failure to report.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(chosenPort, "127.0.0.1", resolve));
  return sink;
}
