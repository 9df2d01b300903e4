// Secrets the API shows once (a new user's one-time password, an API key): on the page
// until the user says they have them, then gone for good.
import type { ComponentChildren } from "preact";

export function ShownOnce({ title, children, done }: { title: string; children: ComponentChildren; done: () => void }) {
  return (
    <section class="card stack" role="status" aria-label={title}>
      <h3>{title}</h3>
      <p>Copy them now: they are shown once, and never again.</p>
      <dl class="secrets">{children}</dl>
      <button type="button" class="secondary" onClick={done}>
        I have copied them
      </button>
    </section>
  );
}
