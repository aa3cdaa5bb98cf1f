import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { ServerBuild } from "@remix-run/node";
import { isAppHost, isSafeMethod, isSameOriginRequest } from "../app/auth/same-origin.server";
import type { AppConfig } from "../app/config.server";
import { log, redactPath } from "../app/logger.server";
import { sendPlainErrorPage } from "./plain-error-page";
import { createRemixHandler } from "./remix-handler";
import { securityHeaders } from "./security-headers";

export function createHttpApp(build: ServerBuild, config: AppConfig) {
  const app = express();
  app.disable("x-powered-by");
  // One reverse proxy: the client address is the one it appended to
  // X-Forwarded-For, not whatever the client wrote there itself ("true" would
  // trust every hop and let anyone pick their address for sign-in throttling).
  app.set("trust proxy", config.TRUST_PROXY ? 1 : false);

  app.use(securityHeaders({ development: config.NODE_ENV === "development" }));
  app.use(compression());

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      log.info("http.request", {
        method: req.method,
        path: redactPath(req.path),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
      });
    });
    next();
  });

  const appOrigin = config.APP_URL;
  // A request that names another host was not meant for this site (a poisoned
  // Host, DNS rebinding): production answers it with nothing but this page.
  // Links never come from Host (they use APP_URL); this is the second wall.
  // Health checks often name the server by its address, and learn nothing.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (config.NODE_ENV !== "production" || req.path === "/healthz" || isAppHost(req.get("host"), appOrigin)) return next();
    sendPlainErrorPage(
      res,
      400,
      "This address is not the address of this site",
      `This site is at ${appOrigin}. Check the address you typed or the link you followed, or go there instead.`,
      `${appOrigin}/`,
    );
  });

  // Fingerprinted bundles never change under the same name.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.use((req: Request, res: Response, next: NextFunction) => {
    if (isSafeMethod(req.method)) return next();
    const sameOrigin = isSameOriginRequest(
      {
        origin: req.get("origin"),
        referer: req.get("referer"),
        secFetchSite: req.get("sec-fetch-site"),
      },
      appOrigin,
    );
    if (sameOrigin) return next();
    sendPlainErrorPage(
      res,
      403,
      "This form came from another website",
      "For your safety we only accept forms sent from this site. Go back, reload the page and try again.",
    );
  });

  app.all(
    "*",
    createRemixHandler({ build, mode: config.NODE_ENV, maxBodyBytes: config.MAX_BODY_BYTES, appOrigin }),
  );

  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    sendPlainErrorPage(res, 500, "Something went wrong on our side", "Please try again in a moment.");
  });
  return app;
}
