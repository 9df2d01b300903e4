// What a spec version changes for the partners (docs/spec-drift.md): its breaking changes
// first, each with the partners whose calls, saved cases or certified runs use the
// operation, and links to that evidence.
import type { components } from "../api/schema";
import { Badge } from "./Badge";

type Impact = components["schemas"]["SpecImpact"];
type Use = components["schemas"]["PartnerUse"];

function Evidence({ projectId, use }: { projectId: string; use: Use }) {
  return (
    <ul class="plain-list">
      {use.evidence.map((e) => {
        const label =
          e.kind === "trace" ? "their calls" : e.kind === "saved_case" ? `saved case ${e.detail ?? ""}` : "the run of their certificate";
        const href =
          e.kind === "trace"
            ? `/projects/${projectId}/traces?trace=${e.id}`
            : e.kind === "certified_run" && e.detail
              ? `/projects/${projectId}/runs/${e.detail}`
              : undefined;
        return (
          <li key={`${e.kind}:${e.id}`}>
            {href ? <a href={href}>{label}</a> : label} <span class="muted">({new Date(e.at).toLocaleDateString()})</span>
          </li>
        );
      })}
    </ul>
  );
}

// `headingId`: unique on the page (a version's impact and a preview may both show).
export function SpecImpact({ projectId, impact, title, headingId }: { projectId: string; impact: Impact; title: string; headingId: string }) {
  const affected = new Map<string, Use>();
  for (const c of impact.changes) for (const p of c.partners) affected.set(p.id, p);
  return (
    <section class="card stack" aria-labelledby={headingId}>
      <h2 id={headingId} tabIndex={-1}>
        {title}
      </h2>
      <p role="status">
        {impact.breaking === 0
          ? "No breaking change: no partner is affected."
          : `${impact.breaking} breaking change${impact.breaking === 1 ? "" : "s"}; ${
              affected.size === 0
                ? "no partner uses what they change."
                : `${affected.size} partner${affected.size === 1 ? "" : "s"} affected: ${[...affected.values()]
                    .map((p) => (p.certified ? `${p.name} (certified)` : p.name))
                    .join(", ")}.`
            }`}
      </p>
      {impact.changes.length > 0 && (
        <table>
          <caption class="visually-hidden">Changes from {impact.from.label}</caption>
          <thead>
            <tr>
              <th scope="col">Change</th>
              <th scope="col">Operation</th>
              <th scope="col">Partners it breaks</th>
            </tr>
          </thead>
          <tbody>
            {impact.changes.map((c, i) => (
              <tr key={i}>
                <th scope="row">
                  <Badge value={c.breaking ? "failed" : "passed"} label={c.breaking ? "breaking" : "ok"} /> {c.message}
                </th>
                <td>
                  <code>{c.operation || "-"}</code>
                </td>
                <td>
                  {c.partners.length === 0 ? (
                    <span class="muted">{c.breaking ? "nobody uses it" : ""}</span>
                  ) : (
                    c.partners.map((p) => (
                      <div key={p.id}>
                        <strong>{p.name}</strong>
                        {p.certified && " (certified)"}
                        <Evidence projectId={projectId} use={p} />
                      </div>
                    ))
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
