// The credentials a run sends (API key, bearer token, OAuth2 client credentials), as
// write-only fields: empty ones are not sent, so what is stored stays. `under` is where
// the API's errors name them: "credentials." inside an environment, "" on their own.
import type { components } from "../api/schema";
import { Field } from "./Field";

type Credentials = components["schemas"]["Credentials"];

export function credentialsOf(form: FormData): Credentials | undefined {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const credentials: Credentials = {};
  if (text("api_key")) credentials.api_key = text("api_key");
  if (text("bearer")) credentials.bearer = text("bearer");
  if (text("token_url") || text("client_id") || text("client_secret"))
    credentials.oauth2 = { token_url: text("token_url"), client_id: text("client_id"), client_secret: text("client_secret") };
  return Object.keys(credentials).length ? credentials : undefined;
}

interface Props {
  errors: Record<string, string>;
  clear: (name: string) => void;
  under: string;
  legend: string;
  keeps?: boolean;  // editing: say that empty fields keep what is stored
}

export function CredentialFields({ errors, clear, under, legend, keeps }: Props) {
  const error = (name: string) => errors[`${under}${name}`];
  const cleared = (name: string) => clear(`${under}${name === "token_url" || name.startsWith("client_") ? `oauth2.${name}` : name}`);
  return (
    <fieldset class="stack">
      <legend>{legend} {keeps && <span class="muted">(empty fields keep what is stored)</span>}</legend>
      <Field name="api_key" label="API key" type="password" autoComplete="off" error={error("api_key")} onInput={cleared} />
      <Field name="bearer" label="Bearer token" type="password" autoComplete="off" error={error("bearer")} onInput={cleared} />
      <Field name="token_url" label="OAuth2 token URL" error={error("oauth2.token_url")} onInput={cleared} />
      <Field name="client_id" label="OAuth2 client id" error={error("oauth2.client_id")} onInput={cleared} />
      <Field name="client_secret" label="OAuth2 client secret" type="password" autoComplete="off"
             error={error("oauth2.client_secret")} onInput={cleared} />
    </fieldset>
  );
}
