import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { Field } from "../components/Field";
import { useFormErrors } from "../components/useFormErrors";
import { FormError } from "../components/FormError";
import { PageTitle } from "../components/PageTitle";
import { signedIn } from "../state/session";

type DemoLogin = NonNullable<components["schemas"]["Instance"]["demo_sign_in"]>[number];

// A demo server (`serve --demo`) says its sign-ins; a real deployment says none.
function DemoSignIns({ logins }: { logins: DemoLogin[] }) {
  return (
    <section class="demo-note stack" aria-labelledby="demo-title">
      <h2 id="demo-title">Demo sign-ins</h2>
      <dl class="secrets">
        {logins.map((login) => (
          <>
            <dt>{login.who}</dt>
            <dd>
              <code>{login.email}</code> / <code>{login.password}</code>
            </dd>
          </>
        ))}
      </dl>
    </section>
  );
}

export function SignIn() {
  const { errors, fromProblem, clear } = useFormErrors();
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoLogin[]>([]);
  useEffect(() => {
    void api.GET("/api/v1/instance").then(({ data }) => setDemo(data?.demo_sign_in ?? []));
  }, []);

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
        {demo.length > 0 && <DemoSignIns logins={demo} />}
      </form>
    </div>
  );
}
