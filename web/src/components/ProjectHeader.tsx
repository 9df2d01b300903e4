// A project's name as the page's title, and its tabs: the vendor's (everything about the
// project) or the partner's (what the partner does in it).
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import { isPartner } from "../state/session";
import { PageTitle } from "./PageTitle";

const vendorTabs = [
  { slug: "", label: "Overview" },
  { slug: "specs", label: "Specs" },
  { slug: "playground", label: "Playground" },
  { slug: "mocks", label: "Mocks" },
  { slug: "environments", label: "Environments" },
  { slug: "runs", label: "Runs" },
  { slug: "traces", label: "Traces" },
  { slug: "partners", label: "Partners" },
  { slug: "plan", label: "Plan" },
  { slug: "metrics", label: "Metrics" },
  { slug: "assistant", label: "Questions" },
  { slug: "settings", label: "Settings" },
];

const partnerTabs = [
  { slug: "", label: "Home" },
  { slug: "plan", label: "Plan" },
  { slug: "metrics", label: "Metrics" },
  { slug: "docs", label: "Docs" },
  { slug: "playground", label: "Playground" },
  { slug: "runs", label: "Tests" },
  { slug: "traces", label: "Traces" },
  { slug: "assistant", label: "Assistant" },
];

// Where a project's pages live in the signed-in portal.
export function projectBase(projectId: string): string {
  return isPartner.value ? `/partner/projects/${projectId}` : `/projects/${projectId}`;
}

export function ProjectHeader({ projectId, current }: { projectId: string; current: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    void api
      .GET("/api/v1/projects/{project_id}", { params: { path: { project_id: projectId } } })
      .then(({ data }) => setName(data?.name ?? "Project not found"));
  }, [projectId]);
  const tabs = isPartner.value ? partnerTabs : vendorTabs;
  const base = projectBase(projectId);
  const label = tabs.find((tab) => tab.slug === current)?.label ?? "";
  return (
    <header class="stack">
      <p class="muted">
        <a href={isPartner.value ? "/partner" : "/projects"}>Projects</a> / {name ?? "…"}
      </p>
      <PageTitle>{name ? `${name}: ${label}` : label}</PageTitle>
      <nav aria-label="Project">
        <ul class="tabs">
          {tabs.map((tab) => (
            <li key={tab.slug}>
              <a href={tab.slug ? `${base}/${tab.slug}` : base} aria-current={tab.slug === current ? "page" : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
