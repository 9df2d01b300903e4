import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { Field } from "../components/Field";
import { useFormErrors } from "../components/useFormErrors";
import { FormError } from "../components/FormError";
import { PageTitle } from "../components/PageTitle";
import { signedIn } from "../state/session";

type DemoLogin = NonNullable<components["schemas"]["Instance"]["demo_sign_in"]>[number];
type SsoOffer = components["schemas"]["SsoOffer"];

// Why the identity provider's round trip came back refused (/login?sso_error=CODE); the
// server's log has the details under the request id.
const ssoErrors: Record<string, string> = {
  expired: "That sign-in had expired or was already used. Sign in again.",
  browser: "That sign-in was begun in another browser. Sign in again from this one.",
  token: "Your identity provider's answer could not be verified, so nobody was signed in. Ask your org's admin to check the single sign-on settings.",
  domain: "Your email address is not of a domain your org signs in with. Use your work account.",
  other_org: "Your email address belongs to a user of another org; it cannot sign in to this one.",
  provider: "Your identity provider did not complete the sign-in. Try again, or ask your org's admin.",
  denied: "The sign-in was cancelled at your identity provider.",
  issuer: "The answer came from another identity provider than your org's, so nobody was signed in. Sign in again.",
  not_configured: "Your org no longer signs in through an identity provider.",
};

function ssoErrorMessage(code: string | null): string | undefined {
  if (!code) return undefined;
  return ssoErrors[code] ?? "Single sign-on failed. Sign in again.";
}

// Where to land after the provider's round trip: the page asked for, never the sign-in page.
function returnPath(): string {
  const path = window.location.pathname;
  return path === "/login" ? "/" : path + window.location.search;
}

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
  const [offer, setOffer] = useState<SsoOffer | null>(null);
  const [email, setEmail] = useState("");
  const query = new URLSearchParams(window.location.search);
  const ssoError = ssoErrorMessage(query.get("sso_error"));
  const [orgChecked, setOrgChecked] = useState(false);
  // An org's sign-in link, while its provider is being looked up or once found.
  const orgLink = query.get("org") && (!orgChecked || offer) ? query.get("org") : null;
  useEffect(() => {
    void api.GET("/api/v1/instance").then(({ data }) => setDemo(data?.demo_sign_in ?? []));
    // An org's sign-in link (/login?org=ID) offers its provider at once.
    if (orgLink)
      void api.GET("/api/v1/sso/offer", { params: { query: { org: orgLink } } })
        .then(({ data }) => { setOffer(data ?? null); setOrgChecked(true); });
  }, []);

  // Once the email is typed, its domain's provider (if any) is offered.
  async function lookUp(value: string) {
    setEmail(value);
    if (orgLink) return;
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) return setOffer(null);
    const { data } = await api.GET("/api/v1/sso/offer", { params: { query: { email: value } } });
    setOffer(data ?? null);
  }

  async function singleSignOn() {
    if (!offer) return;
    setBusy(true);
    const body = email && !orgLink ? { email, return_to: returnPath() } : { org_id: offer.org_id, return_to: returnPath() };
    const started = await api.POST("/api/v1/sso/start", { body });
    if (started.error || !started.data) {
      setBusy(false);
      fromProblem(started.error, "Single sign-on could not start; try again.");
      return;
    }
    window.location.assign(started.data.authorization_url);
  }

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

  const passwords = !offer || offer.password_sign_in;
  return (
    <div class="centered">
      <form class="card stack" onSubmit={submit} noValidate>
        <PageTitle>Sign in</PageTitle>
        <p class="muted">Integration Copilot: from first call to certified in production.</p>
        <FormError message={errors.form ?? ssoError ?? null} />
        {!orgLink && (
          <Field name="email" label="Email" type="email" autoComplete="username" required
                 error={errors.fields.email}
                 onInput={(name) => { clear(name); void lookUp((document.getElementById("field-email") as HTMLInputElement).value.trim()); }} />
        )}
        {offer && (
          <div class="sso stack" role="group" aria-labelledby="sso-title">
            <p id="sso-title">{offer.org_name} signs in with {offer.label}.</p>
            <button type="button" onClick={() => void singleSignOn()} disabled={busy}>
              {busy ? "Redirecting…" : `Sign in with ${offer.label}`}
            </button>
          </div>
        )}
        {passwords && !orgLink && (
          <>
            <Field name="password" label="Password" type="password" autoComplete="current-password" required
                   error={errors.fields.password} onInput={clear} />
            <button type="submit" disabled={busy} class={offer ? "secondary" : undefined}>
              {busy ? "Signing in…" : offer ? "Sign in with a password" : "Sign in"}
            </button>
          </>
        )}
        {orgLink && !offer && <p class="muted" role="status">Looking up your org's sign-in…</p>}
        {demo.length > 0 && <DemoSignIns logins={demo} />}
      </form>
    </div>
  );
}
