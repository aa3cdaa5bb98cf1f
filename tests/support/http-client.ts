/**
 * A minimal browser stand-in for integration tests: keeps cookies, sends the
 * Origin header a browser would, never follows redirects by itself.
 */
export class HttpClient {
  private cookies = new Map<string, string>();

  constructor(
    readonly origin: string,
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({ ...this.defaultHeaders });
    new Headers(init.headers).forEach((value, key) => headers.set(key, value));
    if (this.cookies.size > 0 && !headers.has("cookie")) headers.set("cookie", this.cookieHeader);
    const response = await fetch(new URL(path, this.origin), { ...init, headers, redirect: "manual" });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = setCookie.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const expired = attributes.some((a) => a.trim().toLowerCase() === "max-age=0");
      if (expired || value === "") this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }

  get(path: string, init: RequestInit = {}): Promise<Response> {
    return this.request(path, init);
  }

  /** Submits a form the way a browser would (urlencoded, same-origin). */
  post(path: string, fields: Record<string, string | string[]>, init: RequestInit = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(key, item);
    }
    return this.request(path, {
      method: "POST",
      body,
      ...init,
      headers: { origin: this.origin, "content-type": "application/x-www-form-urlencoded", ...(init.headers as Record<string, string>) },
    });
  }

  /** Follows one redirect if there is one, returning the page it leads to. */
  async follow(response: Response): Promise<Response> {
    const location = response.headers.get("location");
    return location ? this.get(location) : response;
  }
}
