import { PageTitle } from "../components/PageTitle";

export function NotFound() {
  return (
    <section class="card stack">
      <PageTitle>Page not found</PageTitle>
      <p>There is nothing at this address. <a href="/">Go to the start page</a>.</p>
    </section>
  );
}
