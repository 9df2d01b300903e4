// A partner signed in with the one-time password of its invitation chooses its own
// before anything else (the API refuses every other call until then).
import { useState } from "preact/hooks";
import { api } from "../api/client";
import { Field } from "../components/Field";
import { useFormErrors } from "../components/useFormErrors";
import { FormError } from "../components/FormError";
import { PageTitle } from "../components/PageTitle";
import { me, signedIn, signedOut } from "../state/session";

export function SetPassword() {
  const { errors, fromProblem, setField, clear } = useFormErrors();
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const chosen = String(form.get("new_password"));
    if (chosen !== String(form.get("confirm_password")))
      return setField("confirm_password", "The two passwords differ.");
    setBusy(true);
    const { error } = await api.PUT("/api/v1/session/password", {
      body: { current_password: String(form.get("current_password")), new_password: chosen },
    });
    if (error) {
      setBusy(false);
      return fromProblem(error);
    }
    const who = await api.GET("/api/v1/session");
    setBusy(false);
    if (who.data) signedIn(who.data);
    else signedOut();
  }


  return (
    <div class="centered">
      <form class="card stack" onSubmit={submit} noValidate>
        <PageTitle>Choose your password</PageTitle>
        <p class="muted">
          Welcome, {me.value?.user.email}. You signed in with the one-time password of your
          invitation; choose your own (12 characters at least) to go on.
        </p>
        <FormError message={errors.form} />
        <Field name="current_password" label="One-time password" type="password" autoComplete="current-password"
               required error={errors.fields.current_password} onInput={clear} />
        <Field name="new_password" label="New password" type="password" autoComplete="new-password" required
               error={errors.fields.new_password} onInput={clear} />
        <Field name="confirm_password" label="New password again" type="password" autoComplete="new-password"
               required error={errors.fields.confirm_password} onInput={clear} />
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save and continue"}
        </button>
        <button type="button" class="secondary" onClick={() => api.DELETE("/api/v1/session").then(signedOut)}>
          Sign out
        </button>
      </form>
    </div>
  );
}
