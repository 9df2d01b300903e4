// Every write in the org, newest first: who, what, on which object, from where.
import { api } from "../../api/client";
import type { components } from "../../api/schema";
import { PageTitle } from "../../components/PageTitle";
import { PagedList } from "../../components/PagedList";

type AuditEvent = components["schemas"]["AuditEvent"];

export function AuditLog() {
  return (
    <div class="stack">
      <PageTitle>Audit log</PageTitle>
      <section class="card">
        <PagedList<AuditEvent>
          what="audit events"
          empty={<p>Nothing has been changed yet.</p>}
          fetchPage={(cursor) => api.GET("/api/v1/audit-events", { params: { query: cursor ? { cursor } : {} } })}
          render={(items) => (
            <table>
              <caption class="visually-hidden">Audit events</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Action</th>
                  <th scope="col">Object</th>
                  <th scope="col">By</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td>{new Date(e.created_at).toLocaleString()}</td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.target_type} <code>{e.target_id}</code>
                    </td>
                    <td>
                      <code>{e.actor_id}</code>
                    </td>
                    <td>{e.client_address}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
      </section>
    </div>
  );
}
