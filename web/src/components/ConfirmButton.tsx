// A destructive action asked twice, on the page (no browser dialog): the first press
// shows what will happen and a confirm and a cancel button.
import { useEffect, useRef, useState } from "preact/hooks";

interface Props {
  label: string;     // "Withdraw Globex"
  // Said to screen readers only, after a short visible label in a table row ("note on X").
  context?: string;
  question: string;  // "Globex loses access to this project."
  confirm: string;   // "Withdraw"
  action: () => Promise<void>;
}

export function ConfirmButton({ label, context, question, confirm, action }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // The keyboard lands on the question's answer.
  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button type="button" class="secondary" onClick={() => setAsking(true)}>
        {label}
        {context && <span class="visually-hidden"> {context}</span>}
      </button>
    );
  return (
    <span class="row" role="group" aria-label={context ? `${label} ${context}` : label}>
      <span>{question}</span>
      <button
        type="button"
        class="danger"
        disabled={busy}
        ref={confirmButton}
        onClick={async () => {
          setBusy(true);
          await action();
          setBusy(false);
          setAsking(false);
        }}
      >
        {confirm}
      </button>
      <button type="button" class="secondary" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
