// The signed-in org: its name, its users (admins add them with a one-time password shown
// once), a vendor's single sign-on, and API keys (each user's own; admins see the org's), created with the secret
// shown once and revoked with a confirmation. Both portals have it.
import { useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { ConfirmButton } from "../components/ConfirmButton";
import { Field } from "../components/Field";
import { FormError } from "../components/FormError";
import { PagedList } from "../components/PagedList";
import { PageTitle } from "../components/PageTitle";
import { ShownOnce } from "../components/ShownOnce";
import { SingleSignOnSettings } from "../components/SingleSignOnSettings";
import { useFormErrors } from "../components/useFormErrors";
import { day, when } from "../lib/format";
import { isPartner, me } from "../state/session";

type User = components["schemas"]["User"];
type UserCreated = components["schemas"]["UserCreated"];
type ApiKey = components["schemas"]["ApiKey"];
type ApiKeyCreated = components["schemas"]["ApiKeyCreated"];
type Role = components["schemas"]["Role"];

const adminRoles: Role[] = ["owner", "admin", "partner-admin"];

function OrgName() {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [saved, setSaved] = useState(false);
  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const { data, error } = await api.PATCH("/api/v1/org", { body: { name: String(form.get("name") ?? "").trim() } });
    if (error) return fromProblem(error);
    reset();
    setSaved(true);
    if (me.value && data) me.value = { ...me.value, org: data };
  }
  return (
    <form class="stack" onSubmit={save} noValidate aria-labelledby="org-title">
      <h2 id="org-title">Organisation</h2>
      <FormError message={errors.form} />
      <Field name="name" id="org-name" label="Name" value={me.value?.org.name} error={errors.fields.name}
             onInput={(name) => { clear(name); setSaved(false); }} required />
      {saved && <p role="status">Saved.</p>}
      <button type="submit">Save name</button>
    </form>
  );
}

function Users({ admin }: { admin: boolean }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [created, setCreated] = useState<UserCreated | null>(null);
  const [reload, setReload] = useState(0);
  const roles: Role[] = isPartner.value ? ["partner-admin", "partner-dev"] : ["admin", "member"];
  async function add(event: SubmitEvent) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const { data, error } = await api.POST("/api/v1/users", {
      body: { email: text("email"), name: text("name"), role: text("role") as Role },
    });
    if (error) return fromProblem(error);
    reset();
    element.reset();
    setCreated(data);
    setReload((n) => n + 1);
  }
  return (
    <section class="card stack" aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <PagedList<User>
        what="users"
        reload={reload}
        empty={<p>No user yet.</p>}
        fetchPage={(cursor) => api.GET("/api/v1/users", { params: { query: cursor ? { cursor } : {} } })}
        render={(items) => (
          <table>
            <caption class="visually-hidden">Users of the organisation</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <tr key={user.id}>
                  <td>{user.name}</td>
                  <td>{user.email}</td>
                  <td>{user.role}</td>
                  <td>{day(user.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      />
      {created && (
        <ShownOnce title={`${created.name} is added`} done={() => setCreated(null)}>
          <dt>Sign-in</dt>
          <dd><code>{created.email}</code></dd>
          <dt>One-time password</dt>
          <dd><code>{created.password}</code></dd>
        </ShownOnce>
      )}
      {admin ? (
        <form class="stack" onSubmit={add} noValidate aria-labelledby="add-user">
          <h3 id="add-user">Add a user</h3>
          <p class="muted">They sign in with a one-time password and choose their own at once.</p>
          <FormError message={errors.form} />
          <Field name="name" id="user-name" label="Their name" error={errors.fields.name} onInput={clear} required />
          <Field name="email" id="user-email" label="Their email" type="email" error={errors.fields.email} onInput={clear} required />
          <div class="field">
            <label for="user-role">Role</label>
            <select id="user-role" name="role">
              {roles.map((role) => <option key={role} value={role}>{role}</option>)}
            </select>
          </div>
          <button type="submit">Add user</button>
        </form>
      ) : (
        <p class="muted">Your organisation's admins add users.</p>
      )}
    </section>
  );
}

function ApiKeys() {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [reload, setReload] = useState(0);
  async function create(event: SubmitEvent) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    const days = String(form.get("expires_in_days") ?? "").trim();
    const body: components["schemas"]["ApiKeyCreate"] = { name: String(form.get("name") ?? "").trim() };
    if (days) body.expires_in_days = Number(days);
    const { data, error } = await api.POST("/api/v1/api-keys", { body });
    if (error) return fromProblem(error);
    reset();
    element.reset();
    setCreated(data);
    setReload((n) => n + 1);
  }
  async function revoke(key: ApiKey) {
    await api.DELETE("/api/v1/api-keys/{key_id}", { params: { path: { key_id: key.id } } });
    setReload((n) => n + 1);
  }
  return (
    <section class="card stack" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <p class="muted">
        For scripts and CI: send one as <code>Authorization: Bearer icp_…</code>. A key acts with its role, never
        above yours.
      </p>
      <PagedList<ApiKey>
        what="API keys"
        reload={reload}
        empty={<p>No API key yet.</p>}
        fetchPage={(cursor) => api.GET("/api/v1/api-keys", { params: { query: cursor ? { cursor } : {} } })}
        render={(items) => (
          <table>
            <caption class="visually-hidden">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Role</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td><code>{key.prefix}…</code></td>
                  <td>{key.role}</td>
                  <td>{when(key.last_used_at)}</td>
                  <td>{key.expires_at ? day(key.expires_at) : "never"}</td>
                  <td>
                    {key.revoked_at ? (
                      <span class="muted">revoked {day(key.revoked_at)}</span>
                    ) : (
                      <ConfirmButton label={`Revoke ${key.name}`} question="Anything using it stops working."
                                     confirm="Revoke" action={() => revoke(key)} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      />
      {created && (
        <ShownOnce title={`Key ${created.name} is created`} done={() => setCreated(null)}>
          <dt>API key</dt>
          <dd><code>{created.secret}</code></dd>
        </ShownOnce>
      )}
      <form class="stack" onSubmit={create} noValidate aria-labelledby="add-key">
        <h3 id="add-key">Create a key</h3>
        <FormError message={errors.form} />
        <Field name="name" id="key-name" label="What it is for" error={errors.fields.name} onInput={clear} required />
        <Field name="expires_in_days" id="key-expires" label="Expires after (days, empty for never)" type="number"
               error={errors.fields.expires_in_days} onInput={clear} />
        <button type="submit">Create key</button>
      </form>
    </section>
  );
}

export function OrgSettings() {
  const admin = adminRoles.includes(me.value?.role as Role);
  return (
    <div class="stack">
      <PageTitle>Settings</PageTitle>
      {admin && (
        <section class="card">
          <OrgName />
        </section>
      )}
      <Users admin={admin} />
      {admin && !isPartner.value && <SingleSignOnSettings />}
      <ApiKeys />
    </div>
  );
}
