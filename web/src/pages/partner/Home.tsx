import { PageTitle } from "../../components/PageTitle";
import { ProjectTable } from "../../components/ProjectTable";

// A partner's start: the projects its org was invited to.
export function PartnerHome() {
  return (
    <div class="stack">
      <PageTitle>My projects</PageTitle>
      <section class="card">
        <ProjectTable
          empty={<p>No vendor has invited your organisation to a project yet.</p>}
          link={(project) => `/partner/projects/${project.id}`}
        />
      </section>
    </div>
  );
}
