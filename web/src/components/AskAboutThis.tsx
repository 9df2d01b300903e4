// "Ask about this" under a failed case or a trace: opens the assistant on that evidence.
// The vendor asks about a partner's evidence by naming the partner (`about.partnerId`).
import { useState } from "preact/hooks";
import { type About, AssistantPanel } from "./AssistantPanel";

export function AskAboutThis({ projectId, about }: { projectId: string; about: About }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <p>
        <button type="button" class="secondary" onClick={() => setOpen(true)}>
          Ask about this
        </button>
      </p>
    );
  return <AssistantPanel projectId={projectId} about={about} initial="Why did this fail?" />;
}
