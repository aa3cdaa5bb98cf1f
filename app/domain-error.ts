/**
 * A refusal the person can act on: the message is shown to them as written,
 * with the HTTP status a route should answer with. `field` names the form
 * field at fault, when there is one.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 410 | 422 | 429 = 400,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
