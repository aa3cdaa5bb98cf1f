import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useRouteLoaderData } from "@remix-run/react";
import { requireLearnerVisible } from "~/auth/permissions.server";
import { findLearnerName } from "~/models/competency.server";

/*
 * The frame of every page about one trainee (overview, competencies, records):
 * it checks once that the caller may see this trainee and names them for the
 * pages inside, which still check access in their own loaders and actions.
 */

export const TRAINEE_LAYOUT_ID = "routes/o.$orgSlug+/teach+/trainees.$userId";

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const { organization, learnerId } = await requireLearnerVisible(context, request, params.orgSlug, params.userId);
  return { base: `/o/${organization.slug}`, learner: { id: learnerId, name: await findLearnerName(learnerId) } };
}

/** For `MetaFunction`'s second type argument: the pages inside read the trainee from `matches`. */
export type TraineeLayoutMatches = { [TRAINEE_LAYOUT_ID]: typeof loader };

export function useTraineeLayout() {
  const layout = useRouteLoaderData<typeof loader>(TRAINEE_LAYOUT_ID);
  if (!layout) throw new Error("useTraineeLayout is used outside the trainee layout");
  return layout;
}

export default function TraineeLayout() {
  return <Outlet />;
}
