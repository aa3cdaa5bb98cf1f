import { Link } from "@remix-run/react";

/** Tells a trainee, on their home and modules pages, that a trainer asked them to join a training group. */
export function CohortRequestsNotice({ requests, href }: { requests: { id: string; cohort: { name: string }; requestedBy: string }[]; href: string }) {
  if (requests.length === 0) return null;
  return (
    <section aria-labelledby="cohort-requests-heading" className="notice notice--info">
      <h2 id="cohort-requests-heading">{requests.length === 1 ? "A request to join a training group" : `${requests.length} requests to join a training group`}</h2>
      <ul>
        {requests.map((request) => (
          <li key={request.id}>
            {request.requestedBy} asked you to join “{request.cohort.name}”.
          </li>
        ))}
      </ul>
      <p>
        You are not in {requests.length === 1 ? "it" : "them"} unless you say yes.{" "}
        <Link to={href}>See who the trainers are and what they would see, then answer</Link>
      </p>
    </section>
  );
}
