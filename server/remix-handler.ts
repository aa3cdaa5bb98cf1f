import type { IncomingMessage } from "node:http";
import { createRequestHandler, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { readCookie } from "../app/auth/cookie-header.server";
import { SESSION_COOKIE_NAME, sessionCookieHeader } from "../app/auth/lucia.server";
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

/**
 * The request's headers for Remix, naming this site as their host. By now
 * the Host has been checked (production) and so has the Origin of any form
 * (CSRF), both against APP_URL. Remix compares Origin with X-Forwarded-Host
 * or Host once more and throws (a 500) when they differ in any way, even in
 * letter case or a written-out default port, so it gets the checked host.
 */
function toFetchHeaders(req: IncomingMessage, appHost: string): Headers {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    if (name !== "host" && name !== "x-forwarded-host") headers.append(name, req.rawHeaders[i + 1]!);
  }
  headers.set("host", appHost);
  return headers;
}

/** A malformed session cookie means "not signed in" (and is cleared), never an error. */
async function authenticate(cookieHeader: string | undefined) {
  const sessionId = readCookie(cookieHeader, SESSION_COOKIE_NAME);
  if (sessionId === undefined) return { auth: null, hadCookie: false };
  if (!sessionId) return { auth: null, hadCookie: true };
  return { auth: await validateSession(sessionId), hadCookie: true };
}

/**
 * Hands each request to Remix with a buffered, size-limited body and a
 * context holding the validated session. Renewed or cleared session cookies
 * are added here unless the route already set one (sign-in, sign-out).
 */
/**
 * The request's URL on this site's origin. Only origin-form targets ("/path?query")
 * are served; an absolute-form or "*" target names no page of ours.
 */
function requestUrl(appOrigin: string, target: string): URL | undefined {
  if (!target.startsWith("/")) return undefined;
  try {
    return new URL(`${appOrigin}${target}`);
  } catch {
    return undefined;
  }
}

export function createRemixHandler(options: { build: ServerBuild; mode: string; maxBodyBytes: number; appOrigin: string }) {
  const handleRequest = createRequestHandler(options.build, options.mode);
  const appHost = new URL(options.appOrigin).host;

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
      const url = requestUrl(options.appOrigin, req.originalUrl);
      if (!url) {
        sendPlainErrorPage(res, 400, "That address is not a page of this site", "Check the address and try again, or go to the start page.");
        return;
      }
      const controller = new AbortController();
      res.on("close", () => controller.abort());
      const request = new Request(url, {
        method: req.method,
        headers: toFetchHeaders(req, appHost),
        body: body ? new Uint8Array(body) : undefined,
        signal: controller.signal,
      });

      const { auth, hadCookie } = await authenticate(req.headers.cookie);
      const context: AppLoadContext = {
        auth,
        cspNonce: res.locals.cspNonce as string,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown",
        appOrigin: options.appOrigin,
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
