import { PageTitle } from "../components/PageTitle";

// What a signed-in user sees at an address of the other portal: no data is fetched.
export function NotAllowed() {
  return (
    <section class="card stack">
      <PageTitle>Not allowed</PageTitle>
      <p>Your account cannot open this page: it belongs to the vendor's team.</p>
      <p>
        <a href="/">Go to your start page</a>
      </p>
    </section>
  );
}
