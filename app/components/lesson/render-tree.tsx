import { createElement, Fragment, type ReactNode } from "react";
import type { RenderNode } from "~/content/types";

/** How the page fills in the interactive parts of a module. */
export interface Islands {
  Quiz: (id: string) => ReactNode;
  Reflection: (id: string) => ReactNode;
  /** The organization's crisis and support lines; `compact` inside a content note. */
  SupportLines: (placement: "content-note" | "body") => ReactNode;
}

// Tags MDX produces from Markdown; anything else is dropped rather than rendered.
const allowedTags = new Set([
  "p", "a", "em", "strong", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6",
  "code", "pre", "hr", "br", "img", "del", "sup", "sub", "table", "thead", "tbody", "tr", "th", "td",
]);

/** Renders a module's compiled content: plain data in, React elements out, on server and client alike. */
export function RenderTree({ nodes, islands }: { nodes: RenderNode[]; islands: Islands }) {
  return <>{nodes.map((node, index) => renderNode(node, index, islands))}</>;
}

function renderNode(node: RenderNode, key: number, islands: Islands): ReactNode {
  if (typeof node === "string") return node;
  const children = node.c?.map((child, index) => renderNode(child, index, islands));
  switch (node.t) {
    case "Quiz":
      return <Fragment key={key}>{islands.Quiz(String(node.p?.id))}</Fragment>;
    case "Reflection":
      return <Fragment key={key}>{islands.Reflection(String(node.p?.id))}</Fragment>;
    case "SupportLines":
      return <Fragment key={key}>{islands.SupportLines("body")}</Fragment>;
    case "KeyIdea":
      return (
        <aside key={key} className="key-idea" aria-label="Key idea">
          <p className="key-idea__label">Key idea</p>
          {children}
        </aside>
      );
    case "Scenario":
      return (
        <aside key={key} className="scenario" aria-label={`Scenario: ${String(node.p?.title ?? "")}`}>
          <p className="scenario__label">Scenario: {String(node.p?.title ?? "")}</p>
          {children}
        </aside>
      );
    case "ContentNote":
      return (
        <aside key={key} className="content-note" aria-label="Content note">
          <p className="content-note__label">Content note</p>
          {children}
          {islands.SupportLines("content-note")}
        </aside>
      );
    case "ClosedLanguageExample":
      return (
        <aside key={key} className="closed-example" aria-label="Example of closed language to avoid">
          <p className="closed-example__label">Example to avoid</p>
          {children}
        </aside>
      );
    case "Section":
      return <Fragment key={key}>{children}</Fragment>;
    default: {
      if (!allowedTags.has(node.t)) return <Fragment key={key}>{children}</Fragment>;
      // Section titles are the page's h2; headings written in a section step down one level.
      const tag = node.t === "h2" ? "h3" : node.t;
      const props: Record<string, unknown> = { key, ...node.p };
      if (node.t === "a" && typeof node.p?.href === "string" && /^https?:/.test(node.p.href)) {
        props.rel = "noopener noreferrer";
      }
      return createElement(tag, props, children && children.length > 0 ? children : undefined);
    }
  }
}
