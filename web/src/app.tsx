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
import { PartnerProjectHome } from "./pages/partner/ProjectHome";
import { PartnerDocs } from "./pages/partner/Docs";
import { Overview } from "./pages/vendor/Overview";
import { Environments } from "./pages/vendor/Environments";
import { Mocks } from "./pages/vendor/Mocks";
import { Runs } from "./pages/Runs";
import { RunDetail } from "./pages/RunDetail";
import { RunCompare } from "./pages/RunCompare";
import { Traces } from "./pages/Traces";
import { OrgSettings } from "./pages/OrgSettings";
import { ProjectSettings } from "./pages/vendor/ProjectSettings";
import { Playground } from "./pages/Playground";
import { PartnerPlan, VendorPartnerPlan, VendorPlanOverview } from "./pages/Plan";
import { PartnerReadiness, VendorReadiness } from "./pages/Readiness";
import { PartnerMetricsPage, VendorMetrics } from "./pages/Metrics";
import { AssistantPage } from "./pages/Assistant";

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
const VendorOverview = vendorOnly(Overview);
const VendorEnvironments = vendorOnly(Environments);
const VendorMocks = vendorOnly(Mocks);
const VendorRuns = vendorOnly(Runs);
const VendorRunDetail = vendorOnly(RunDetail);
const VendorRunCompare = vendorOnly(RunCompare);
const VendorTraces = vendorOnly(Traces);
const VendorProjectSettings = vendorOnly(ProjectSettings);
const VendorPlayground = vendorOnly(Playground);
const VendorPlan = vendorOnly(VendorPlanOverview);
const VendorPlanBoard = vendorOnly(VendorPartnerPlan);
const VendorReadinessPage = vendorOnly(VendorReadiness);
const VendorMetricsPage = vendorOnly(VendorMetrics);
const VendorQuestions = vendorOnly(AssistantPage);

// A partner page: a vendor is sent to the same page of its own portal.
function partnerOnly<P extends object>(Page: (props: P) => preact.JSX.Element) {
  return (props: P) => (isPartner.value ? <Page {...props} /> : <NotFound />);
}
const PartnerProject = partnerOnly(PartnerProjectHome);
const PartnerDocsPage = partnerOnly(PartnerDocs);
const PartnerRuns = partnerOnly(Runs);
const PartnerRunDetail = partnerOnly(RunDetail);
const PartnerRunCompare = partnerOnly(RunCompare);
const PartnerTraces = partnerOnly(Traces);
const PartnerPlayground = partnerOnly(Playground);
const PartnerPlanBoard = partnerOnly(PartnerPlan);
const PartnerReadinessPage = partnerOnly(PartnerReadiness);
const PartnerMetricsRoute = partnerOnly(PartnerMetricsPage);
const PartnerAssistant = partnerOnly(AssistantPage);

function Portal() {
  return (
    <Shell>
      <ErrorBoundary>
        <Router>
          <Route path="/" component={Start} />
          <Route path="/projects" component={VendorProjects} />
          <Route path="/projects/:projectId" component={VendorOverview} />
          <Route path="/projects/:projectId/specs" component={VendorSpecs} />
          <Route path="/projects/:projectId/mocks" component={VendorMocks} />
          <Route path="/projects/:projectId/environments" component={VendorEnvironments} />
          <Route path="/projects/:projectId/runs" component={VendorRuns} />
          <Route path="/projects/:projectId/runs/compare/:a/:b" component={VendorRunCompare} />
          <Route path="/projects/:projectId/runs/:runId" component={VendorRunDetail} />
          <Route path="/projects/:projectId/traces" component={VendorTraces} />
          <Route path="/projects/:projectId/partners" component={VendorPartners} />
          <Route path="/projects/:projectId/settings" component={VendorProjectSettings} />
          <Route path="/projects/:projectId/plan" component={VendorPlan} />
          <Route path="/projects/:projectId/plan/:partnerId" component={VendorPlanBoard} />
          <Route path="/projects/:projectId/plan/:partnerId/readiness" component={VendorReadinessPage} />
          <Route path="/projects/:projectId/metrics" component={VendorMetricsPage} />
          <Route path="/projects/:projectId/assistant" component={VendorQuestions} />
          <Route path="/projects/:projectId/playground/:operationId?" component={VendorPlayground} />
          <Route path="/audit" component={VendorAuditLog} />
          <Route path="/settings" component={OrgSettings} />
          <Route path="/partner" component={PartnerHome} />
          <Route path="/partner/projects/:projectId" component={PartnerProject} />
          <Route path="/partner/projects/:projectId/docs/:operationId?" component={PartnerDocsPage} />
          <Route path="/partner/projects/:projectId/runs" component={PartnerRuns} />
          <Route path="/partner/projects/:projectId/runs/compare/:a/:b" component={PartnerRunCompare} />
          <Route path="/partner/projects/:projectId/runs/:runId" component={PartnerRunDetail} />
          <Route path="/partner/projects/:projectId/traces" component={PartnerTraces} />
          <Route path="/partner/projects/:projectId/plan" component={PartnerPlanBoard} />
          <Route path="/partner/projects/:projectId/readiness" component={PartnerReadinessPage} />
          <Route path="/partner/projects/:projectId/metrics" component={PartnerMetricsRoute} />
          <Route path="/partner/projects/:projectId/assistant" component={PartnerAssistant} />
          <Route path="/partner/projects/:projectId/playground/:operationId?" component={PartnerPlayground} />
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
