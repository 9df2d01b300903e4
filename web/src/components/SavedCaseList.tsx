// The saved cases of one operation, beside the playground: whose they are, what they
// expect; a partner deletes its own, the vendor deletes any and promotes a partner's case
// to every partner of the project.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { isPartner } from "../state/session";
import { ConfirmButton } from "./ConfirmButton";

type SavedCase = components["schemas"]["SavedCase"];

function whose(c: SavedCase): string {
  if (c.partner_id === null) return c.promoted_from ? "every partner (promoted)" : "every partner";
  return isPartner.value ? "yours" : "a partner's";
}

export function SavedCaseList({ projectId, operationId, refresh }: { projectId: string; operationId: string; refresh: number }) {
  const [cases, setCases] = useState<SavedCase[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = { project_id: projectId };

  async function load() {
    const { data } = await api.GET("/api/v1/projects/{project_id}/saved-cases", {
      params: { path, query: { operation_id: operationId, limit: 100 } },
    });
    setCases(data?.items ?? []);
  }
  useEffect(() => {
    void load();
  }, [projectId, operationId, refresh]);

  async function act(c: SavedCase, promote: boolean) {
    setError(null);
    const route = { params: { path: { ...path, case_id: c.id } } };
    const { error: problem } = promote
      ? await api.POST("/api/v1/projects/{project_id}/saved-cases/{case_id}/promote", route)
      : await api.DELETE("/api/v1/projects/{project_id}/saved-cases/{case_id}", route);
    if (problem) setError((problem as { detail?: string }).detail ?? "That did not work.");
    await load();
  }

  if (!cases || cases.length === 0) return null;
  return (
    <section class="card stack" aria-labelledby="saved-cases-title">
      <h3 id="saved-cases-title">Saved cases of this operation</h3>
      {error && <p class="form-error" role="alert">{error}</p>}
      <table>
        <caption class="visually-hidden">Saved cases of {operationId}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Expects</th>
            <th scope="col">Run by</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>
                {c.expected_status}
                {c.checks.body_schema ? ", schema" : ""}
                {c.checks.fields?.length ? `, ${c.checks.fields.length} ${c.checks.fields.length === 1 ? "field" : "fields"}` : ""}
              </td>
              <td>{whose(c)}</td>
              <td class="row">
                {!isPartner.value && c.partner_id !== null && (
                  <button type="button" class="secondary" onClick={() => void act(c, true)}>
                    Promote<span class="visually-hidden"> {c.name}</span> to every partner
                  </button>
                )}
                {(!isPartner.value || c.partner_id !== null) && (
                  <ConfirmButton label="Delete" context={c.name} question="Runs no longer include it." confirm="Delete case" action={() => act(c, false)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
