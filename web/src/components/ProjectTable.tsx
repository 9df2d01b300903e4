// The projects a caller sees; each name opens the project (`link` makes the address).
import { api } from "../api/client";
import type { components } from "../api/schema";
import { PagedList } from "./PagedList";
import type { ComponentChildren } from "preact";

type Project = components["schemas"]["Project"];

interface Props {
  reload?: number;
  empty: ComponentChildren;
  link?: (project: Project) => string;
}

export function ProjectTable({ reload, empty, link }: Props) {
  return (
    <PagedList<Project>
      what="projects"
      reload={reload}
      empty={empty}
      fetchPage={(cursor) =>
        api.GET("/api/v1/projects", { params: { query: cursor ? { limit: 50, cursor } : { limit: 50 } } })
      }
      render={(items) => (
        <table>
          <caption class="visually-hidden">Projects</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Description</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {items.map((project) => (
              <tr key={project.id}>
                <td>{link ? <a href={link(project)}>{project.name}</a> : project.name}</td>
                <td class="muted">{project.description}</td>
                <td>{new Date(project.created_at).toLocaleDateString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    />
  );
}
