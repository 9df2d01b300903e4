import { useState } from "preact/hooks";
import { api } from "../../api/client";
import { Field } from "../../components/Field";
import { useFormErrors } from "../../components/useFormErrors";
import { FormError } from "../../components/FormError";
import { PageTitle } from "../../components/PageTitle";
import { ProjectTable } from "../../components/ProjectTable";

export function Projects() {
  const { errors, fromProblem, reset, clear } = useFormErrors();
  const [reload, setReload] = useState(0);
  const [busy, setBusy] = useState(false);

  async function create(event: SubmitEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    setBusy(true);
    const { error } = await api.POST("/api/v1/projects", {
      body: { name: String(form.get("name")), description: String(form.get("description") ?? "") },
    });
    setBusy(false);
    if (error) return fromProblem(error);
    reset();
    formElement.reset();
    setReload((n) => n + 1);
  }


  return (
    <div class="stack">
      <PageTitle>Projects</PageTitle>
      <section class="card">
        <ProjectTable
          reload={reload}
          empty={<p>No projects yet: create the first one below.</p>}
          link={(project) => `/projects/${project.id}`}
        />
      </section>
      <section class="card">
        <form class="stack" onSubmit={create} noValidate aria-labelledby="new-project">
          <h2 id="new-project">New project</h2>
          <FormError message={errors.form} />
          <Field name="name" label="Name" error={errors.fields.name} onInput={clear} required />
          <Field name="description" label="Description" error={errors.fields.description} onInput={clear} multiline />
          <button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create project"}
          </button>
        </form>
      </section>
    </div>
  );
}
