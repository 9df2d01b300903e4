// A vendor org's identity provider (docs/single-sign-on.md): Google, Microsoft Entra ID or
// any OpenID Connect provider, the email domains it vouches for, the role claim, and whether
// passwords still work. The server fetches the provider's discovery document before saving,
// so a wrong issuer is said here, not at the first sign-in. The client secret is write-only.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { ConfirmButton } from "./ConfirmButton";
import { Field } from "./Field";
import { FormError } from "./FormError";
import { useFormErrors } from "./useFormErrors";
import { me } from "../state/session";

type SsoProvider = components["schemas"]["SsoProvider"];
type SsoSettings = components["schemas"]["SsoSettings"];
type Preset = SsoSettings["preset"];

const presets: { value: Preset; label: string }[] = [
  { value: "google", label: "Google" },
  { value: "entra", label: "Microsoft Entra ID" },
  { value: "oidc", label: "Another OpenID Connect provider" },
];

export function SingleSignOnSettings() {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [provider, setProvider] = useState<SsoProvider | null | undefined>(undefined);
  const [preset, setPreset] = useState<Preset>("google");
  const [saved, setSaved] = useState(false);
  const [callback, setCallback] = useState<string | null>(null);
  useEffect(() => {
    void api.GET("/api/v1/org/sso").then(({ data }) => {
      setCallback(data?.redirect_uri ?? null);
      setProvider(data?.configured ? data : null);
      if (data?.configured) setPreset(data.preset as Preset);
    });
  }, []);

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const body: SsoSettings = {
      preset,
      client_id: text("client_id"),
      allowed_domains: text("allowed_domains").split(/[\s,]+/).filter(Boolean),
      role_claim: text("role_claim"),
      default_role: text("default_role") as SsoSettings["default_role"],
      password_sign_in: form.get("password_sign_in") === "on",
    };
    if (preset === "oidc") body.issuer = text("issuer");
    if (preset === "entra") body.tenant = text("tenant");
    if (text("client_secret")) body.client_secret = text("client_secret");
    setSaved(false);
    const { data, error } = await api.PUT("/api/v1/org/sso", { body });
    if (error) return fromProblem(error);
    reset();
    setProvider(data?.configured ? data : null);
    if (data) setCallback(data.redirect_uri);
    setSaved(true);
  }

  async function remove() {
    const { error } = await api.DELETE("/api/v1/org/sso");
    if (error) return fromProblem(error);
    setProvider(null);
    setSaved(false);
  }

  if (provider === undefined) return null;

  const link = `${window.location.origin}/login?org=${me.value?.org.id ?? ""}`;
  return (
    <section class="card stack" aria-labelledby="sso-settings-title">
      <h2 id="sso-settings-title">Single sign-on</h2>
      <p class="muted">Your users sign in through your identity provider; the first sign-in creates their user here.</p>
      <dl class="secrets">
        <dt>Redirect URI to register with the provider</dt>
        <dd><code>{callback ?? `${window.location.origin}/api/v1/sso/callback`}</code></dd>
        {provider && (
          <>
            <dt>Sign-in link to share</dt>
            <dd><code>{link}</code></dd>
          </>
        )}
      </dl>
      <form class="stack" onSubmit={save} noValidate aria-labelledby="sso-settings-title">
        <FormError message={errors.form} />
        <div class="field">
          <label for="sso-preset">Provider</label>
          <select id="sso-preset" name="preset" value={preset}
                  onChange={(e) => setPreset(e.currentTarget.value as Preset)}>
            {presets.map((p) => <option key={p.value} value={p.value}>{p.label}</option>)}
          </select>
        </div>
        {preset === "oidc" && (
          <Field name="issuer" id="sso-issuer" label="Issuer URL" value={provider?.issuer}
                 error={errors.fields.issuer} onInput={clear} required />
        )}
        {preset === "entra" && (
          <Field name="tenant" id="sso-tenant" label="Directory (tenant) ID"
                 value={provider?.issuer?.split("/")[3]} error={errors.fields.tenant} onInput={clear} required />
        )}
        <Field name="client_id" id="sso-client-id" label="Client ID" value={provider?.client_id}
               error={errors.fields.client_id} onInput={clear} required />
        <Field name="client_secret" id="sso-client-secret" type="password" autoComplete="off"
               label={provider?.client_secret_set ? "Client secret (leave empty to keep the stored one)" : "Client secret"}
               error={errors.fields.client_secret} onInput={clear} required={!provider} />
        <Field name="allowed_domains" id="sso-domains" label="Email domains (comma separated)"
               value={provider?.allowed_domains?.join(", ")} error={errors.fields.allowed_domains} onInput={clear} required />
        <Field name="role_claim" id="sso-role-claim" label="Role claim (optional, e.g. roles)"
               value={provider?.role_claim} error={errors.fields.role_claim} onInput={clear} />
        <div class="field">
          <label for="sso-default-role">Role of new users without a role claim</label>
          <select id="sso-default-role" name="default_role" defaultValue={provider?.default_role ?? "member"}>
            <option value="member">member</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <div class="field checkbox">
          <input id="sso-passwords" type="checkbox" name="password_sign_in"
                 defaultChecked={provider?.password_sign_in ?? true} />
          <label for="sso-passwords">Users may also sign in with a password</label>
        </div>
        {saved && <p role="status">Saved. The provider's discovery document was checked.</p>}
        <div class="row">
          <button type="submit">{provider ? "Save single sign-on" : "Turn on single sign-on"}</button>
          {provider && (
            <ConfirmButton label="Turn off single sign-on" question="Users sign in with passwords again; those the provider created have none and cannot sign in until it is back."
                           confirm="Turn off" action={remove} />
          )}
        </div>
      </form>
    </section>
  );
}
