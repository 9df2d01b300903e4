// The project's notification channels (docs/notifications.md): Slack, Jira and signed
// webhooks with the events each takes, a test message, and what was sent to them (pending
// with its next attempt, delivered, or dead and replayable). Vendor admins change them;
// other vendor members read.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { Badge } from "./Badge";
import { ConfirmButton } from "./ConfirmButton";
import { Field } from "./Field";
import { FormError } from "./FormError";
import { ShownOnce } from "./ShownOnce";
import { useFormErrors } from "./useFormErrors";

type Channel = components["schemas"]["NotificationChannel"];
type Notification = components["schemas"]["Notification"];
type EventType = components["schemas"]["NotificationEventType"];
type Kind = Channel["kind"];

const events: { type: EventType; label: string }[] = [
  { type: "run.failed", label: "A golden run failed" },
  { type: "run.recovered", label: "A run passed again after a failure" },
  { type: "category.regressed", label: "A required category regressed" },
  { type: "plan.phase_completed", label: "A partner completed a plan phase" },
  { type: "partner.certified", label: "A partner was certified" },
  { type: "certificate.stale", label: "A certificate went stale" },
  { type: "spec.drift", label: "A spec change breaks partners" },
  { type: "traces.violations", label: "Contract violations above a threshold per hour" },
];

const statusTone: Record<Notification["status"], string> = { pending: "warning", delivered: "passed", dead: "failed" };

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

function Deliveries({ projectId, admin, version }: { projectId: string; admin: boolean; version: number }) {
  const [items, setItems] = useState<Notification[] | null>(null);
  const load = () =>
    void api
      .GET("/api/v1/projects/{project_id}/notifications", { params: { path: { project_id: projectId }, query: { limit: 20 } } })
      .then(({ data }) => setItems(data?.items ?? []));
  useEffect(() => {
    load();
    // Deliveries move on their own (retries, the dispatcher): the list follows them.
    const timer = setInterval(load, 2000);
    return () => clearInterval(timer);
  }, [projectId, version]);
  const replay = async (id: string) => {
    await api.POST("/api/v1/projects/{project_id}/notifications/{notification_id}/replay", {
      params: { path: { project_id: projectId, notification_id: id } },
    });
    load();
  };
  return (
    <section class="card stack" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">What was sent</h2>
      {items === null ? (
        <p aria-busy="true">Loading…</p>
      ) : items.length === 0 ? (
        <p class="muted">Nothing yet: events show here as they are sent to the channels.</p>
      ) : (
        <table>
          <caption class="visually-hidden">The latest notifications, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
              <th scope="col">Queued</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((n) => (
              <tr key={n.id}>
                <th scope="row">
                  <code>{n.event_type}</code> {(n.event as { title?: string }).title}
                </th>
                <td>
                  <Badge value={statusTone[n.status]} label={n.status} />
                  {n.status === "pending" && n.attempts > 0 && <span class="muted"> next {when(n.next_attempt_at)}</span>}
                </td>
                <td>{n.attempts}</td>
                <td>{n.last_error ? n.last_error : n.last_status ? `HTTP ${n.last_status}` : ""}</td>
                <td>{when(n.created_at)}</td>
                <td>
                  {admin && n.status === "dead" && (
                    <button type="button" class="secondary" onClick={() => void replay(n.id)}>
                      Send again<span class="visually-hidden"> {n.event_type}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function NotificationChannels({ projectId, admin }: { projectId: string; admin: boolean }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [kind, setKind] = useState<Kind>("webhook");
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [version, setVersion] = useState(0); // a change the deliveries should show at once
  const path = { project_id: projectId };
  const load = () =>
    void api.GET("/api/v1/projects/{project_id}/notification-channels", { params: { path } }).then(({ data }) => setChannels(data?.items ?? []));
  useEffect(load, [projectId]);

  async function add(event: SubmitEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const body: components["schemas"]["NotificationChannelCreate"] = {
      kind,
      name: text("name"),
      url: text("url"),
      events: form.getAll("events").map(String) as EventType[],
      enabled: true,
    };
    if (text("secret")) body.secret = text("secret");
    if (text("violations_per_hour")) body.violations_per_hour = Number(text("violations_per_hour"));
    if (kind === "jira")
      body.jira = {
        project_key: text("project_key"),
        issue_type: text("issue_type") || "Task",
        email: text("email"),
        labels: text("labels").split(",").map((l) => l.trim()).filter(Boolean),
      };
    const { data, error } = await api.POST("/api/v1/projects/{project_id}/notification-channels", { params: { path }, body });
    if (error) return fromProblem(error);
    reset();
    formElement.reset();
    if (data?.secret) setSecret({ name: data.name, secret: data.secret });
    setStatus(`${data?.name} is added.`);
    load();
  }

  async function test(channel: Channel) {
    const { error } = await api.POST("/api/v1/projects/{project_id}/notification-channels/{channel_id}/test", {
      params: { path: { project_id: projectId, channel_id: channel.id } },
    });
    setStatus(error ? `The test could not be queued for ${channel.name}.` : `A test message is on its way to ${channel.name}.`);
    setVersion((v) => v + 1);
  }

  async function toggle(channel: Channel) {
    await api.PATCH("/api/v1/projects/{project_id}/notification-channels/{channel_id}", {
      params: { path: { project_id: projectId, channel_id: channel.id } },
      body: { enabled: !channel.enabled },
    });
    load();
  }

  async function remove(channel: Channel) {
    await api.DELETE("/api/v1/projects/{project_id}/notification-channels/{channel_id}", {
      params: { path: { project_id: projectId, channel_id: channel.id } },
    });
    setStatus(`${channel.name} is removed.`);
    load();
  }

  return (
    <>
      <section class="card stack" aria-labelledby="channels-title">
        <h2 id="channels-title">Notifications</h2>
        <p class="muted">
          Tell Slack, Jira or your own systems when a partner's run fails, a phase completes, a certificate goes stale… Each
          webhook is signed (X-Copilot-Signature) and carries an event id to deduplicate on.
        </p>
        {status && <p role="status">{status}</p>}
        {secret && (
          <ShownOnce title={`${secret.name}'s signing secret`} done={() => setSecret(null)}>
            <dt>Secret</dt>
            <dd>
              <code>{secret.secret}</code>
            </dd>
          </ShownOnce>
        )}
        {channels === null ? (
          <p aria-busy="true">Loading…</p>
        ) : channels.length === 0 ? (
          <p>No channel yet.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Notification channels</caption>
            <thead>
              <tr>
                <th scope="col">Channel</th>
                <th scope="col">Kind</th>
                <th scope="col">Events</th>
                <th scope="col">State</th>
                {admin && (
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name}
                    <br />
                    <code class="muted">{c.url}</code>
                  </th>
                  <td>{c.kind}</td>
                  <td>{c.events.length > 0 ? c.events.join(", ") : <span class="muted">none</span>}</td>
                  <td>{c.enabled ? "on" : "paused"}</td>
                  {admin && (
                    <td class="inline-actions">
                      <button type="button" class="secondary" onClick={() => void test(c)}>
                        Test<span class="visually-hidden"> {c.name}</span>
                      </button>
                      <button type="button" class="secondary" onClick={() => void toggle(c)}>
                        {c.enabled ? "Pause" : "Resume"}
                        <span class="visually-hidden"> {c.name}</span>
                      </button>
                      <ConfirmButton
                        label="Remove"
                        context={c.name}
                        question="What it still had to send is dropped."
                        confirm="Remove"
                        action={() => remove(c)}
                      />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {admin && (
          <form class="stack" onSubmit={add} noValidate aria-labelledby="add-channel">
            <h3 id="add-channel">Add a channel</h3>
            <FormError message={errors.form} />
            <div class="field">
              <label for="channel-kind">Kind</label>
              <select id="channel-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)}>
                <option value="webhook">Webhook (signed JSON)</option>
                <option value="slack">Slack incoming webhook</option>
                <option value="jira">Jira issues</option>
              </select>
            </div>
            <Field name="name" label="Name" error={errors.fields.name} onInput={clear} required />
            <Field
              name="url"
              label={kind === "jira" ? "Jira site (https://acme.atlassian.net)" : kind === "slack" ? "Slack webhook URL" : "Receiver URL"}
              error={errors.fields.url}
              onInput={clear}
              required
            />
            {kind === "jira" && (
              <div class="row">
                <Field name="project_key" label="Jira project key" error={errors.fields["jira.project_key"]} onInput={clear} />
                <Field name="issue_type" label="Issue type (Task)" onInput={clear} />
                <Field name="email" label="Account email" error={errors.fields["jira.email"]} onInput={clear} />
                <Field name="labels" label="Labels, comma-separated" onInput={clear} />
              </div>
            )}
            {kind !== "slack" && (
              <Field
                name="secret"
                type="password"
                label={kind === "jira" ? "Jira API token" : "Signing secret (left empty: one is made and shown once)"}
                error={errors.fields.secret}
                onInput={clear}
              />
            )}
            <fieldset>
              <legend>Events</legend>
              {events.map((e) => (
                <div class="field checkbox" key={e.type}>
                  <input id={`channel-event-${e.type}`} type="checkbox" name="events" value={e.type} defaultChecked={e.type === "run.failed"} />
                  <label for={`channel-event-${e.type}`}>
                    {e.label} <code class="muted">{e.type}</code>
                  </label>
                </div>
              ))}
              {errors.fields.events && <p class="field-error">{errors.fields.events}</p>}
            </fieldset>
            <Field
              name="violations_per_hour"
              type="number"
              label="Violations per hour that raise the alert (for that event)"
              error={errors.fields.violations_per_hour}
              onInput={clear}
            />
            <p>
              <button type="submit">Add the channel</button>
            </p>
          </form>
        )}
      </section>
      <Deliveries projectId={projectId} admin={admin} version={version} />
    </>
  );
}
