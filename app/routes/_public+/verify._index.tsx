import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { describeCodeProblem, formatVerificationCode, normalizeVerificationCode } from "~/codecs/verification-code.server";

/*
 * Where someone types a code from a certificate. A plain GET form: the
 * address bar then holds /verify?code=…, which leads on to the record's own
 * page. No account needed.
 */

export const meta: MetaFunction = () => [{ title: "Check a completion record · Peer Support Training" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get("code");
  if (typed === null) return { typed: "", problem: null };
  const code = normalizeVerificationCode(typed);
  if (code) throw redirect(`/verify/${formatVerificationCode(code)}`);
  return { typed: typed.slice(0, 64), problem: describeCodeProblem(typed) };
}

export default function VerifyFormPage() {
  const { typed, problem } = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page narrow">
      <h1>Check a completion record</h1>
      <p>Type the verification code printed on the certificate. You do not need an account.</p>
      {problem ? (
        <div className="notice notice--error" role="alert">
          <p id="field-code-error">{problem}</p>
        </div>
      ) : null}
      <Form method="get" className="stack">
        <div className={problem ? "field field--error" : "field"}>
          <label htmlFor="field-code">Verification code</label>
          <p className="field__hint" id="field-code-hint">
            16 letters and digits, for example 7K3M-Q9TX-2HCR-VW8P. Capitals and dashes do not matter.
          </p>
          <input id="field-code" name="code" type="text" autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={64}
            className="code-input" defaultValue={typed} required aria-invalid={problem ? true : undefined} aria-describedby={problem ? "field-code-hint field-code-error" : "field-code-hint"} />
        </div>
        <button type="submit" className="button">
          Check the record
        </button>
      </Form>
    </main>
  );
}
