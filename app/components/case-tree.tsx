import type { CaseTreeNode } from "~/codecs/case-package.server";

/** A CASE package's items as nested lists: competencies with their code, behaviours marked as such. */
export function CaseTree({ nodes }: { nodes: readonly CaseTreeNode[] }) {
  return (
    <ul className="case-tree">
      {nodes.map((node, index) => (
        <li key={index} className={node.kind === "behaviour" ? "case-tree__behaviour" : undefined}>
          {node.kind === "behaviour" ? (
            <>
              <span className="case-tree__kind">Behaviour:</span> {node.title}
            </>
          ) : (
            <>
              <span className="case-tree__code">{node.code}</span> {node.title}
            </>
          )}
          {node.children.length > 0 ? <CaseTree nodes={node.children} /> : null}
        </li>
      ))}
    </ul>
  );
}
