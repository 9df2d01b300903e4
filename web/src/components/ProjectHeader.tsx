// A vendor's project: its name as the page's title and its tabs. Tabs still to come
// (Overview, Environments, Mocks, Runs, Traces, Settings) are listed as such.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { PageTitle } from "./PageTitle";

const tabs = [
  { slug: "specs", label: "Specs" },
  { slug: "partners", label: "Partners" },
];

export function ProjectHeader({ projectId, current }: { projectId: string; current: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}", { params: { path: { project_id: projectId } } })
      .then(({ data }) => setName(data?.name ?? "Project not found"));
  }, [projectId]);
  const label = tabs.find((tab) => tab.slug === current)?.label ?? "";
  return (
    <header class="stack">
      <p class="muted">
        <a href="/projects">Projects</a> / {name ?? "…"}
      </p>
      <PageTitle>{name ? `${name}: ${label}` : label}</PageTitle>
      <nav aria-label="Project">
        <ul class="tabs">
          {tabs.map((tab) => (
            <li key={tab.slug}>
              <a
                href={`/projects/${projectId}/${tab.slug}`}
                aria-current={tab.slug === current ? "page" : undefined}
              >
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
