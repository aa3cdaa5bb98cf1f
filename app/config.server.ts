import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";
import { z } from "zod";

/**
 * Every setting the app reads from its environment. The README lists the
 * same variables; nothing else in app/ reads process.env.
 */
const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("./data/app.db"),
  /** The public origin; required in production, `http://localhost:<PORT>` otherwise. Normalised to its origin by getConfig. */
  APP_URL: z.string().optional().transform((value) => value?.trim() || undefined),
  TRUST_PROXY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((value) => value === "1" || value === "true"),
  /** Unset: `smtp` when SMTP_URL is set, else `log`. */
  MAIL_TRANSPORT: z.enum(["smtp", "log", "none"]).optional(),
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://user:password@host:465 (TLS from the start). */
  SMTP_URL: z.string().optional().transform((value) => value?.trim() || undefined),
  /** The sender of every mail, e.g. `Riverside Training <training@riverside.example>`; required with SMTP. */
  MAIL_FROM: z.string().optional().transform((value) => value?.trim() || undefined),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** Server processes sharing the port (Node's cluster); unset: one per core in production, one otherwise. */
  WEB_CONCURRENCY: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).max(64).optional()),
  /** 32 random bytes (base64 or hex) that encrypt each organization's credential signing key. */
  CREDENTIAL_KEY: z.string().optional().transform((value) => value?.trim() || undefined),
  /** A file holding CREDENTIAL_KEY instead (a container secret, or ./data/credential-key for local runs). */
  CREDENTIAL_KEY_FILE: z.string().optional().transform((value) => value?.trim() || undefined),
});

export type AppConfig = Omit<z.infer<typeof environmentSchema>, "APP_URL" | "MAIL_TRANSPORT"> & {
  /** The site's public origin (scheme, host and port, no path): every link and origin check uses it. */
  APP_URL: string;
  /** How mail leaves: through SMTP_URL, into the server log, or not at all. */
  MAIL_TRANSPORT: "smtp" | "log" | "none";
};

const configError = (variable: string, problem: string) => new Error(`Invalid environment configuration:\n  ${variable}: ${problem}`);

/**
 * The one origin links are built from. Taking it from the request's Host
 * would let anyone who can send a request choose where a password-reset link
 * points (decision 020), so production has no default.
 */
function resolveAppUrl(value: string | undefined, config: { NODE_ENV: string; PORT: number }): string {
  if (!value) {
    if (config.NODE_ENV === "production") {
      throw configError(
        "APP_URL",
        "required in production. It is the address people use to reach this site, like https://train.example.org; " +
          "links in mail and completion records are built from it. `npm start` uses http://localhost:<PORT> for local runs.",
      );
    }
    return `http://localhost:${config.PORT}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError("APP_URL", `"${value}" is not an address. Write it like https://train.example.org.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw configError("APP_URL", "must start with https:// (or http:// for local runs).");
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) {
    throw configError("APP_URL", `only the origin, like ${url.origin}: no path, query, fragment or user name. The app is served from the root of its own host.`);
  }
  return url.origin;
}

/** The configuration an environment describes; throws with every problem named. */
export function readConfig(environment: Record<string, string | undefined>): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  const config: AppConfig = {
    ...parsed.data,
    APP_URL: resolveAppUrl(parsed.data.APP_URL, parsed.data),
    MAIL_TRANSPORT: parsed.data.MAIL_TRANSPORT ?? (parsed.data.SMTP_URL ? "smtp" : "log"),
  };
  checkMailSettings(config);
  // Credentials signed with a key nobody chose cannot be trusted: production refuses to start without one.
  if (config.NODE_ENV === "production") {
    if (!config.CREDENTIAL_KEY && !config.CREDENTIAL_KEY_FILE) {
      throw configError(
        "CREDENTIAL_KEY",
        "required in production. It encrypts the keys that sign completion records. " +
          "Make one with `openssl rand -base64 32` and set CREDENTIAL_KEY (or CREDENTIAL_KEY_FILE, a file holding it). " +
          "`npm start` makes one for local runs in ./data/credential-key.",
      );
    }
    readCredentialKey(config);
  }
  return config;
}

/** SMTP needs a server to talk to and a sender to write as; a typo here would only show when the first mail fails. */
function checkMailSettings(config: AppConfig): void {
  if (config.MAIL_TRANSPORT !== "smtp") return;
  if (!config.SMTP_URL) throw configError("MAIL_TRANSPORT", "is smtp, but SMTP_URL is not set. Set SMTP_URL, like smtps://user:password@mail.example.org:465.");
  let url: URL;
  try {
    url = new URL(config.SMTP_URL);
  } catch {
    throw configError("SMTP_URL", "is not an address. Write it like smtps://user:password@mail.example.org:465 (characters like @ in the password as %40).");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw configError("SMTP_URL", "must start with smtps:// (TLS from the start, usually port 465) or smtp:// (STARTTLS when the server offers it, usually port 587).");
  }
  if (!config.MAIL_FROM || !/<[^<>@\s]+@[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+$/.test(config.MAIL_FROM)) {
    throw configError("MAIL_FROM", "required with SMTP: the sender of every mail, like training@example.org or Riverside Training <training@example.org>.");
  }
}

let cached: AppConfig | undefined;

export function getConfig(): AppConfig {
  cached ??= readConfig(process.env);
  return cached;
}

/**
 * How many server processes to run: WEB_CONCURRENCY, else one per core in
 * production (the primary process forks them; see server/index.ts) and a
 * single process in development and tests.
 */
export function serverProcessCount(config: AppConfig = getConfig()): number {
  return config.WEB_CONCURRENCY ?? (config.NODE_ENV === "production" ? availableParallelism() : 1);
}

/** Where `npm start` and development keep a generated key when none is configured. */
export const LOCAL_CREDENTIAL_KEY_FILE = "./data/credential-key";

function decodeCredentialKey(text: string, source: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, value.includes("-") || value.includes("_") ? "base64url" : "base64");
  if (key.length !== 32) {
    throw new Error(`Invalid environment configuration:\n  ${source}: must be 32 random bytes, as base64 (44 characters, from \`openssl rand -base64 32\`) or 64 hex digits.`);
  }
  return key;
}

function readCredentialKey(config: AppConfig): Buffer {
  if (config.CREDENTIAL_KEY) return decodeCredentialKey(config.CREDENTIAL_KEY, "CREDENTIAL_KEY");
  if (config.CREDENTIAL_KEY_FILE) {
    let text: string;
    try {
      text = readFileSync(config.CREDENTIAL_KEY_FILE, "utf8");
    } catch {
      throw new Error(`Invalid environment configuration:\n  CREDENTIAL_KEY_FILE: cannot read ${config.CREDENTIAL_KEY_FILE}.`);
    }
    return decodeCredentialKey(text, `CREDENTIAL_KEY_FILE (${config.CREDENTIAL_KEY_FILE})`);
  }
  // Development and tests without a key: one made on first use and kept beside the default database.
  if (!existsSync(LOCAL_CREDENTIAL_KEY_FILE)) {
    mkdirSync(dirname(LOCAL_CREDENTIAL_KEY_FILE), { recursive: true });
    writeFileSync(LOCAL_CREDENTIAL_KEY_FILE, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  }
  return decodeCredentialKey(readFileSync(LOCAL_CREDENTIAL_KEY_FILE, "utf8"), LOCAL_CREDENTIAL_KEY_FILE);
}

let credentialKey: Buffer | undefined;

/**
 * The key that encrypts organizations' private signing keys (never logged,
 * never sent anywhere): CREDENTIAL_KEY, else the file CREDENTIAL_KEY_FILE
 * names, else (outside production only) ./data/credential-key, made on first use.
 */
export function getCredentialKey(): Buffer {
  credentialKey ??= readCredentialKey(getConfig());
  return credentialKey;
}
