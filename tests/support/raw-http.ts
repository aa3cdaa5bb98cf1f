import { connect } from "node:net";

export interface RawResponse {
  status: number;
  /** Header names in lower case; a header sent several times keeps every value. */
  headers: Map<string, string[]>;
  body: string;
}

export interface RawRequest {
  method?: string;
  /** The request target exactly as sent: "/path?query", or something no browser would send. */
  target: string;
  /**
   * Headers exactly as sent, in order, bytes and all (fetch and node:http
   * refuse or rewrite what a hostile client would send: a forged or missing
   * Host, raw bytes, repeated names). Host is not added: name it here.
   */
  headers: [name: string, value: string | Uint8Array][];
  body?: string | Uint8Array;
}

const toBytes = (value: string | Uint8Array) => (typeof value === "string" ? Buffer.from(value, "latin1") : Buffer.from(value));

/** The request as bytes, HTTP/1.1, one request per connection (Connection: close). */
function encodeRequest(request: RawRequest): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(typeof request.body === "string" ? Buffer.from(request.body, "utf8") : request.body);
  const lines: Buffer[] = [Buffer.from(`${request.method ?? "GET"} ${request.target} HTTP/1.1\r\n`, "latin1")];
  for (const [name, value] of request.headers) lines.push(Buffer.from(`${name}: `, "latin1"), toBytes(value), Buffer.from("\r\n"));
  lines.push(Buffer.from("Connection: close\r\n"));
  if (body) lines.push(Buffer.from(`Content-Length: ${body.length}\r\n`));
  lines.push(Buffer.from("\r\n"));
  if (body) lines.push(body);
  return Buffer.concat(lines);
}

function decodeChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd === -1) break;
    const size = parseInt(body.subarray(at, lineEnd).toString("latin1"), 16);
    if (!size) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function parseResponse(bytes: Buffer): RawResponse | undefined {
  const headEnd = bytes.indexOf("\r\n\r\n");
  if (headEnd === -1) return undefined;
  const [statusLine, ...headerLines] = bytes.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? "")?.[1]);
  if (!status) return undefined;
  const headers = new Map<string, string[]>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  const rawBody = bytes.subarray(headEnd + 4);
  const body = headers.get("transfer-encoding")?.includes("chunked") ? decodeChunked(rawBody) : rawBody;
  return { status, headers, body: body.toString("utf8") };
}

/**
 * Sends one request over a new connection and reads the whole answer.
 * Resolves undefined when the server closed the connection without an
 * answer; rejects when none came within `timeoutMs` (a hung request).
 */
export function sendRaw(origin: string, request: RawRequest, timeoutMs = 15_000): Promise<RawResponse | undefined> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${request.method ?? "GET"} ${request.target.slice(0, 100)}`));
    }, timeoutMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // A reset after a complete answer (the server closing while bytes were still arriving) is still an answer.
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
    socket.write(encodeRequest(request));
  });
}
