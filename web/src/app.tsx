// The two portals in one app: sign-in for everyone, then the vendor's pages or the
// partner's, chosen by the signed-in org. A page of the other portal shows "not allowed"
// and fetches nothing.
import { useEffect } from "preact/hooks";
import { LocationProvider, Router, Route, ErrorBoundary, useLocation } from "preact-iso";
import { api } from "./api/client";
import { me, isPartner, signedIn, signedOut, type Me } from "./state/session";
import { Shell } from "./components/Shell";
import { SignIn } from "./pages/SignIn";
import { NotFound } from "./pages/NotFound";
import { NotAllowed } from "./pages/NotAllowed";
import { Projects } from "./pages/vendor/Projects";
import { PartnerHome } from "./pages/partner/Home";

function Start() {
  const { route } = useLocation();
  useEffect(() => route(isPartner.value ? "/partner" : "/projects", true), []);
  return null;
}

function VendorOnly({ page: Page }: { page: () => preact.JSX.Element }) {
  return isPartner.value ? <NotAllowed /> : <Page />;
}

function Portal() {
  return (
    <Shell>
      <ErrorBoundary>
        <Router>
          <Route path="/" component={Start} />
          <Route path="/projects" component={() => <VendorOnly page={Projects} />} />
          <Route path="/partner" component={PartnerHome} />
          <Route default component={NotFound} />
        </Router>
      </ErrorBoundary>
    </Shell>
  );
}

export function App() {
  useEffect(() => {
    void api.GET("/api/v1/session").then(({ data }) => {
      if (data) signedIn(data as Me, data.csrf_token ?? null);
      else signedOut();
    });
  }, []);
  useEffect(() => {
    document.documentElement.dataset.portal = isPartner.value ? "partner" : "vendor";
  }, [isPartner.value]);
  if (me.value === undefined) return <p class="centered muted" aria-busy="true">Loading…</p>;
  return <LocationProvider>{me.value ? <Portal /> : <SignIn />}</LocationProvider>;
}
