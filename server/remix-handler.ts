import type { IncomingMessage } from "node:http";
import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { lucia, SESSION_COOKIE_NAME, sessionCookieHeader } from "../app/auth/lucia.server";
import { validateSession } from "../app/auth/session.server";
import type { AppLoadContext } from "@remix-run/node";
import { log } from "../app/logger.server";
import { sendPlainErrorPage } from "./plain-error-page";

class BodyTooLargeError extends Error {}

/**
 * How much of a refused body is still read (and thrown away) before the 413,
 * as a multiple of the limit. Answering while the client is still sending,
 * then closing, resets the connection under the client: it would see a
 * network error instead of the page saying what happened. Past this, the
 * connection is closed at once.
 */
const DRAIN_FACTOR = 16;

/** Reads the whole body; one past the limit is refused once it has arrived (or once it passes DRAIN_FACTOR times the limit). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const drainLimit = limit * DRAIN_FACTOR;
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > drainLimit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > drainLimit) throw new BodyTooLargeError();
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw new BodyTooLargeError();
  return Buffer.concat(chunks);
}

function toFetchHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  return headers;
}

async function authenticate(cookieHeader: string | undefined) {
  const sessionId = lucia.readSessionCookie(cookieHeader ?? "");
  if (!sessionId) return { auth: null, hadCookie: false };
  return { auth: await validateSession(sessionId), hadCookie: true };
}

/**
 * Hands each request to Remix with a buffered, size-limited body and a
 * context holding the validated session. Renewed or cleared session cookies
 * are added here unless the route already set one (sign-in, sign-out).
 */
export function createRemixHandler(options: { build: ServerBuild; mode: string; maxBodyBytes: number; appOrigin?: string }) {
  const handleRequest = createRequestHandler(options.build, options.mode);

  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      let body: Buffer | undefined;
      if (req.method !== "GET" && req.method !== "HEAD") {
        try {
          body = await readBody(req, options.maxBodyBytes);
        } catch (error) {
          if (!(error instanceof BodyTooLargeError)) throw error;
          res.setHeader("Connection", "close");
          const limitKb = Math.round(options.maxBodyBytes / 1024);
          sendPlainErrorPage(
            res,
            413,
            "That was too much to send at once",
            `What you sent is larger than ${limitKb} KB, the most this site accepts in one form. Make it shorter and try again.`,
          );
          return;
        }
      }
      const origin = options.appOrigin ?? `${req.protocol}://${req.get("host")}`;
      const controller = new AbortController();
      res.on("close", () => controller.abort());
      const request = new Request(new URL(req.originalUrl, origin), {
        method: req.method,
        headers: toFetchHeaders(req),
        body: body ? new Uint8Array(body) : undefined,
        signal: controller.signal,
      });

      const { auth, hadCookie } = await authenticate(req.headers.cookie);
      const context: AppLoadContext = {
        auth,
        cspNonce: res.locals.cspNonce as string,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        appOrigin: origin,
        secure: req.secure,
      };
      const response = await handleRequest(request, context);

      res.status(response.status);
      if (response.statusText) res.statusMessage = response.statusText;
      const setCookies = response.headers.getSetCookie();
      for (const [name, value] of response.headers) {
        if (name.toLowerCase() !== "set-cookie") res.append(name, value);
      }
      const routeSetSession = setCookies.some((cookie) => cookie.startsWith(`${SESSION_COOKIE_NAME}=`));
      if (!routeSetSession) {
        if (auth?.session.fresh) setCookies.push(sessionCookieHeader(auth.session.id, req.secure));
        else if (!auth && hadCookie) setCookies.push(sessionCookieHeader("", req.secure));
      }
      if (setCookies.length > 0) res.setHeader("Set-Cookie", setCookies);
      if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "private, no-store");

      if (response.body && req.method !== "HEAD") {
        await writeReadableStreamToWritable(response.body, res);
      } else {
        res.end();
      }
    } catch (error) {
      log.error("http.unhandled", { message: error instanceof Error ? error.message : String(error) });
      next(error);
    }
  };
}
