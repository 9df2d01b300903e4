// The partner orgs invited to a project, and the invitation: the new org's first user
// and API key are shown once, here, and never again.
import { useState } from "preact/hooks";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Field } from "../../components/Field";
import { useFormErrors } from "../../components/useFormErrors";
import { FormError } from "../../components/FormError";
import { PagedList } from "../../components/PagedList";
import { ProjectHeader } from "../../components/ProjectHeader";
import { day } from "../../lib/format";

type Partner = components["schemas"]["Partner"];
type User = components["schemas"]["User"];

// Who at the partner has access: read when asked for.
function PartnerUsers({ projectId, partner }: { projectId: string; partner: Partner }) {
  const [users, setUsers] = useState<User[] | null>(null);
  const [open, setOpen] = useState(false);
  async function toggle() {
    setOpen(!open);
    if (users) return;
    const { data } = await api.GET("/api/v1/projects/{project_id}/partners/{partner_org_id}/users", {
      params: { path: { project_id: projectId, partner_org_id: partner.partner_org_id }, query: { limit: 200 } },
    });
    setUsers(data?.items ?? []);
  }
  return (
    <>
      <button type="button" class="link" aria-expanded={open} onClick={toggle}>
        Users of {partner.name}
      </button>
      {open && users && (
        <ul aria-label={`Users of ${partner.name}`}>
          {users.map((user) => (
            <li key={user.id}>
              {user.name} <code>{user.email}</code> <span class="muted">{user.role}, since {day(user.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
type Invited = components["schemas"]["OrgCreated"];

export function Partners({ projectId }: { projectId: string }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [invited, setInvited] = useState<Invited | null>(null);
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState(false);
  const path = { project_id: projectId };

  const [withdrawn, setWithdrawn] = useState<string | null>(null);
  async function withdraw(partner: Partner) {
    const { error } = await api.DELETE("/api/v1/projects/{project_id}/partners/{partner_org_id}", {
      params: { path: { ...path, partner_org_id: partner.partner_org_id } },
    });
    setWithdrawn(
      error
        ? ((error as { detail?: string }).detail ?? `${partner.name} could not be withdrawn.`)
        : `${partner.name} no longer has access to this project. Its runs and traces are kept.`,
    );
    setReload((n) => n + 1);
  }

  async function invite(event: SubmitEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    setBusy(true);
    const { data, error } = await api.POST("/api/v1/projects/{project_id}/partners", {
      params: { path },
      body: { name: String(form.get("name")), admin_email: String(form.get("admin_email")) },
    });
    setBusy(false);
    if (error) return fromProblem(error);
    reset();
    setInvited(data);
    formElement.reset();
    setReload((n) => n + 1);
  }


  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="partners" />
      <section class="card stack">
        {withdrawn && <p role="status">{withdrawn}</p>}
        <PagedList<Partner>
          what="partners"
          reload={reload}
          empty={<p>No partner invited yet.</p>}
          fetchPage={(cursor) =>
            api.GET("/api/v1/projects/{project_id}/partners", {
              params: { path, query: cursor ? { cursor } : {} },
            })
          }
          render={(items) => (
            <table>
              <caption class="visually-hidden">Partners</caption>
              <thead>
                <tr>
                  <th scope="col">Partner</th>
                  <th scope="col">Invited</th>
                  <th scope="col">Users</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.partner_org_id}>
                    <td>{p.name}</td>
                    <td>{new Date(p.created_at).toLocaleDateString()}</td>
                    <td><PartnerUsers projectId={projectId} partner={p} /></td>
                    <td>
                      <ConfirmButton label={`Withdraw ${p.name}`} question={`${p.name} loses access to this project.`}
                                     confirm="Withdraw" action={() => withdraw(p)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
      </section>
      {invited && (
        <section class="card stack" role="status" aria-labelledby="invited">
          <h2 id="invited">{invited.org.name} is invited</h2>
          <p>Send these to {invited.user.email} now: they are shown once, and never again.</p>
          <dl class="secrets">
            <dt>Sign-in</dt>
            <dd>
              <code>{invited.user.email}</code>
            </dd>
            {invited.password && (
              <>
                <dt>One-time password</dt>
                <dd>
                  <code>{invited.password}</code>
                </dd>
              </>
            )}
            <dt>API key</dt>
            <dd>
              <code>{invited.api_key.secret}</code>
            </dd>
          </dl>
          <button type="button" class="secondary" onClick={() => setInvited(null)}>
            I have copied them
          </button>
        </section>
      )}
      <section class="card">
        <form class="stack" onSubmit={invite} noValidate aria-labelledby="invite">
          <h2 id="invite">Invite a partner</h2>
          <FormError message={errors.form} />
          <Field name="name" label="Partner organisation" error={errors.fields.name} onInput={clear} required />
          <Field name="admin_email" label="Their admin's email" type="email" error={errors.fields.admin_email}
                 onInput={clear} required />
          <button type="submit" disabled={busy}>
            {busy ? "Inviting…" : "Invite"}
          </button>
        </form>
      </section>
    </div>
  );
}
