import { useState } from "preact/hooks";
import { api } from "../api/client";
import { Field } from "../components/Field";
import { useFormErrors } from "../components/useFormErrors";
import { FormError } from "../components/FormError";
import { PageTitle } from "../components/PageTitle";
import { signedIn } from "../state/session";

export function SignIn() {
  const { errors, fromProblem, clear } = useFormErrors();
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    const created = await api.POST("/api/v1/session", {
      body: { email: String(form.get("email")), password: String(form.get("password")) },
    });
    if (created.error || !created.data) {
      setBusy(false);
      fromProblem(created.error, "Sign-in failed; try again.");
      return;
    }
    const who = await api.GET("/api/v1/session");
    setBusy(false);
    if (who.data) signedIn(who.data);
    else fromProblem(who.error);
  }


  return (
    <div class="centered">
      <form class="card stack" onSubmit={submit} noValidate>
        <PageTitle>Sign in</PageTitle>
        <p class="muted">Integration Copilot: from first call to certified in production.</p>
        <FormError message={errors.form} />
        <Field name="email" label="Email" type="email" autoComplete="username" required
               error={errors.fields.email} onInput={clear} />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required
               error={errors.fields.password} onInput={clear} />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </div>
  );
}
