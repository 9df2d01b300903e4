// A project's settings: what is masked in every stored trace (field names, RE2 patterns,
// JSON Pointers, on top of the built-in detectors) and how long traces are kept, a rule
// the server refuses marked at its field, naming its line; and its notification channels.
import { useEffect, useState } from "preact/hooks";
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { Field } from "../../components/Field";
import { FormError } from "../../components/FormError";
import { NotificationChannels } from "../../components/NotificationChannels";
import { ProjectHeader } from "../../components/ProjectHeader";
import { useFormErrors } from "../../components/useFormErrors";
import { me } from "../../state/session";

type Settings = components["schemas"]["TraceSettings"];

function lines(text: string): string[] {
  return text.split("\n").map((line) => line.trim()).filter(Boolean);
}

// "card: \d{16}" per line: a name, a colon, the pattern.
function patterns(text: string): { name: string; pattern: string }[] {
  return lines(text).map((line) => {
    const colon = line.indexOf(":");
    return colon < 0 ? { name: line, pattern: "" } : { name: line.slice(0, colon).trim(), pattern: line.slice(colon + 1).trim() };
  });
}

// The API names a list's item ("patterns.2.pattern"); the form has one field per list.
function fieldError(fields: Record<string, string>, list: string): string | undefined {
  for (const [name, message] of Object.entries(fields)) {
    if (name === list) return message;
    const item = name.match(new RegExp(`^${list}\\.(\\d+)`));
    if (item) return `Line ${Number(item[1]) + 1}: ${message}`;
  }
  return undefined;
}

export function ProjectSettings({ projectId }: { projectId: string }) {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  const path = { project_id: projectId };
  useEffect(() => {
    void api.GET("/api/v1/projects/{project_id}/trace-settings", { params: { path } }).then(({ data }) => setSettings(data ?? {}));
  }, [projectId]);

  async function save(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "");
    const retention: NonNullable<Settings["retention"]> = {};
    if (text("max_age_days").trim()) retention.max_age_days = Number(text("max_age_days"));
    if (text("max_count").trim()) retention.max_count = Number(text("max_count"));
    const body: Settings = {
      secret_fields: lines(text("secret_fields")),
      patterns: patterns(text("patterns")),
      pointers: lines(text("pointers")),
      retention,
    };
    const { data, error } = await api.PUT("/api/v1/projects/{project_id}/trace-settings", { params: { path }, body });
    if (error) return fromProblem(error);
    reset();
    setSettings(data ?? body);
    setSaved(true);
  }
  const onInput = (name: string) => {
    clear(name);
    setSaved(false);
  };

  return (
    <div class="stack">
      <ProjectHeader projectId={projectId} current="settings" />
      {settings === null ? (
        <p aria-busy="true">Loading…</p>
      ) : (
        <form class="card stack" onSubmit={save} noValidate aria-labelledby="redaction-title">
          <h2 id="redaction-title">Redaction</h2>
          <p class="muted">
            Every trace is masked before it is stored: credentials, tokens, emails, card numbers, IBANs and phone
            numbers always. Add what your API carries besides.
          </p>
          <FormError message={errors.form} />
          <Field name="secret_fields" label="Field names masked as [secret], one per line" multiline
                 value={(settings.secret_fields ?? []).join("\n")} error={fieldError(errors.fields, "secret_fields")}
                 onInput={onInput} />
          <Field name="patterns" label="Patterns (RE2), one per line as name: pattern" multiline code
                 value={(settings.patterns ?? []).map((p) => `${p.name}: ${p.pattern}`).join("\n")}
                 error={fieldError(errors.fields, "patterns")} onInput={onInput} />
          <Field name="pointers" label="JSON Pointers masked in bodies, one per line (* for any member)" multiline
                 value={(settings.pointers ?? []).join("\n")} error={fieldError(errors.fields, "pointers")}
                 onInput={onInput} />
          <h2>Retention</h2>
          <div class="row">
            <Field name="max_age_days" label="Keep traces for (days)" type="number"
                   value={String(settings.retention?.max_age_days ?? "")}
                   error={errors.fields["retention.max_age_days"]} onInput={onInput} />
            <Field name="max_count" label="Keep at most (traces)" type="number"
                   value={String(settings.retention?.max_count ?? "")}
                   error={errors.fields["retention.max_count"]} onInput={onInput} />
          </div>
          {saved && <p role="status">Saved: traces stored from now on follow these rules.</p>}
          <button type="submit">Save settings</button>
        </form>
      )}
      <NotificationChannels projectId={projectId} admin={me.value?.role === "owner" || me.value?.role === "admin"} />
    </div>
  );
}
