// Where a failure is read (a case's evidence, a trace with violations): the vendor's notes
// whose condition the request meets, which often explain the failure.
import type { components } from "../api/schema";
import { AnnotationNote } from "./AnnotationNote";

type Annotation = components["schemas"]["Annotation"];

export function MatchedNotes({ annotations }: { annotations?: Annotation[] }) {
  if (!annotations?.length) return null;
  return (
    <div class="stack" role="region" aria-label="The vendor's notes on this request">
      <h4>The vendor's notes on this request</h4>
      {annotations.map((a) => (
        <AnnotationNote key={a.id} annotation={a} matched />
      ))}
    </div>
  );
}
