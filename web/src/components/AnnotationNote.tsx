// One of the vendor's annotations as a reader sees it: its kind, what it is about, the
// message (Markdown, rendered safely), its link, and when it applies.
import type { components } from "../api/schema";
import { Markdown } from "./Markdown";

type Annotation = components["schemas"]["Annotation"];

export const annotationKinds: Record<Annotation["kind"], string> = {
  auth: "Auth nuance",
  edge_case: "Edge case",
  deprecation: "Deprecation",
  tip: "Tip",
  known_issue: "Known issue",
};

export function targetText(annotation: Annotation): string {
  return annotation.pointer ? `${annotation.operation_id} ${annotation.pointer}` : annotation.operation_id;
}

export function AnnotationNote({ annotation, matched }: { annotation: Annotation; matched?: boolean }) {
  return (
    <article class={`note note-${annotation.kind}${matched ? " note-matched" : ""}`} aria-label={`${annotationKinds[annotation.kind]}: ${targetText(annotation)}`}>
      <p class="note-head">
        <strong>{annotationKinds[annotation.kind]}</strong> <code>{annotation.pointer || annotation.operation_id}</code>
        {annotation.target.status === "missing" && <span class="muted"> (not in this version: {annotation.target.problem})</span>}
      </p>
      <Markdown text={annotation.message} />
      {annotation.condition && (
        <p class="muted">
          {matched ? "Applies because " : "Applies when "}
          <code>{annotation.condition}</code>
        </p>
      )}
      {annotation.link && (
        <p>
          <a href={annotation.link} rel="noopener noreferrer" target="_blank">More from the vendor</a>
        </p>
      )}
    </article>
  );
}
