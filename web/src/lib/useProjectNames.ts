// Names for the ids a project's runs and traces carry: environments (and the hosted
// mock), spec versions and partner orgs. Partners cannot list partners; their own org
// is "you".
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { isPartner, me } from "../state/session";

type Environment = components["schemas"]["Environment"];
type SpecVersion = components["schemas"]["SpecVersion"];
type Partner = components["schemas"]["Partner"];

export interface ProjectNames {
  environments: Environment[];
  specs: SpecVersion[];  // newest first
  partners: Partner[] | null;  // null until read; always empty for a partner
  environment: (id: string) => string;
  spec: (id: string) => string;
  partner: (id: string | null | undefined) => string;
}

export function useProjectNames(projectId: string): ProjectNames {
  const [environments, setEnvironments] = useState<Environment[]>([]);
  const [specs, setSpecs] = useState<SpecVersion[]>([]);
  const [partners, setPartners] = useState<Partner[] | null>(null);
  useEffect(() => {
    const path = { project_id: projectId };
    void api
      .GET("/api/v1/projects/{project_id}/environments", { params: { path } })
      .then(({ data }) => setEnvironments(data?.items ?? []));
    void api
      .GET("/api/v1/projects/{project_id}/specs", { params: { path, query: { limit: 100 } } })
      .then(({ data }) =>
        setSpecs([...(data?.items ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at))),
      );
    if (isPartner.value) setPartners([]);
    else
      void api
        .GET("/api/v1/projects/{project_id}/partners", { params: { path, query: { limit: 100 } } })
        .then(({ data }) => setPartners(data?.items ?? []));
  }, [projectId]);
  return {
    environments,
    specs,
    partners,
    environment: (id) =>
      id === "mock" ? "Hosted mock" : (environments.find((e) => e.id === id)?.name ?? id),
    spec: (id) => specs.find((s) => s.id === id)?.label ?? id,
    // Who queued a run or sent a trace: the signed-in org, or a partner of the project.
    partner: (id) => (!id ? "Vendor" : id === me.value?.org.id ? "Your organisation" : (partners?.find((p) => p.partner_org_id === id)?.name ?? id)),
  };
}
