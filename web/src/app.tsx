// The two portals in one app: sign-in for everyone, then the vendor's pages or the
// partner's, chosen by the signed-in org. A page of the other portal shows "not allowed"
// and fetches nothing.
import { useEffect } from "preact/hooks";
import { LocationProvider, Router, Route, ErrorBoundary, useLocation } from "preact-iso";
import { api } from "./api/client";
import { me, isPartner, signedIn, signedOut } from "./state/session";
import { SetPassword } from "./pages/SetPassword";
import { Shell } from "./components/Shell";
import { SignIn } from "./pages/SignIn";
import { NotFound } from "./pages/NotFound";
import { NotAllowed } from "./pages/NotAllowed";
import { Projects } from "./pages/vendor/Projects";
import { Specs } from "./pages/vendor/Specs";
import { Partners } from "./pages/vendor/Partners";
import { AuditLog } from "./pages/vendor/AuditLog";
import { PartnerHome } from "./pages/partner/Home";

function Start() {
  const { route } = useLocation();
  useEffect(() => route(isPartner.value ? "/partner" : "/projects", true), []);
  return null;
}

// A vendor page: a partner gets "not allowed" and the page (which would fetch) is not made.
function vendorOnly<P extends object>(Page: (props: P) => preact.JSX.Element) {
  return (props: P) => (isPartner.value ? <NotAllowed /> : <Page {...props} />);
}

const VendorProjects = vendorOnly(Projects);
const VendorSpecs = vendorOnly(Specs);
const VendorPartners = vendorOnly(Partners);
const VendorAuditLog = vendorOnly(AuditLog);

function Portal() {
  return (
    <Shell>
      <ErrorBoundary>
        <Router>
          <Route path="/" component={Start} />
          <Route path="/projects" component={VendorProjects} />
          <Route path="/projects/:projectId/specs" component={VendorSpecs} />
          <Route path="/projects/:projectId/partners" component={VendorPartners} />
          <Route path="/audit" component={VendorAuditLog} />
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
      if (data) signedIn(data);
      else signedOut();
    });
  }, []);
  useEffect(() => {
    document.documentElement.dataset.portal = isPartner.value ? "partner" : "vendor";
  }, [isPartner.value]);
  if (me.value === undefined) return <p class="centered muted" aria-busy="true">Loading…</p>;
  if (!me.value) return <SignIn />;
  if (me.value.password_change_required) return <SetPassword />;
  return (
    <LocationProvider>
      <Portal />
    </LocationProvider>
  );
}
