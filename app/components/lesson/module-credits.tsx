import type { ModuleSource } from "~/content/types";

/** Sources, licence and (for adapted material) the attribution the licence requires. */
export function ModuleCredits({ sources, licence, attribution }: { sources: ModuleSource[]; licence: string; attribution: string | null }) {
  return (
    <footer className="module-credits">
      <h2 className="module-credits__heading">Sources and licence</h2>
      {attribution ? <p>{attribution}</p> : null}
      <ul>
        {sources.map((source) => (
          <li key={source.title}>
            {source.url ? <a href={source.url}>{source.title}</a> : source.title}. {source.publisher}, {source.year ?? "year unknown"}. {source.licence}.
          </li>
        ))}
      </ul>
      <p>This module: {licence}.</p>
    </footer>
  );
}
