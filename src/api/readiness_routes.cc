// /api/v1/projects/{project_id}/partners/{partner_id}/readiness and .../certificates: a
// partner's readiness report as data, Markdown and a printable page; certificates issued
// by the vendor, and the public key that checks them (docs/readiness.md,
// docs/certificates.md).
#include "api/encode.h"
#include "api/handler_util.h"
#include "core/clock.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/certificate_service.h"
#include "services/readiness.h"
#include "services/readiness_render.h"

namespace icopilot::api {
namespace {

boost::json::object EncodeCertificate(const store::CertificateRecord& c,
                                      const store::Scope& viewer) {
  return {{"id", c.id},
          {"project_id", c.project_id},
          {"partner_id", c.partner_org_id},
          {"environment_id", c.environment_id},
          {"environment_name", c.environment_name},
          {"spec_version_id", c.spec_version_id},
          {"run_id", c.run_id},
          {"key_id", c.key_id},
          {"sha256", c.sha256},
          {"issued_by",
           viewer.is_partner() ? boost::json::value(nullptr) : boost::json::value(c.issued_by)},
          {"issued_at", FormatTimestamp(c.issued_at)},
          {"stale", c.stale_at.has_value()},
          {"stale_at", NullableTimestamp(c.stale_at)},
          {"stale_reason", c.stale_reason}};
}

// The portal's page of the project for this viewer, for links in rendered reports.
std::string PortalProjectUrl(ApiDependencies& d, Context& c) {
  const std::string& base = d.readiness.portal_url();
  if (base.empty()) return "";
  return StrCat(base, c.actor().scope.is_partner() ? "/partner/projects/" : "/projects/",
                Param(c, "project_id"));
}

net::Response Document(std::string content_type, std::string body, std::string filename) {
  net::Response response;
  response.status = 200;
  response.headers.Set("content-type", std::move(content_type));
  if (!filename.empty())
    response.headers.Set("content-disposition", StrCat("attachment; filename=\"", filename, "\""));
  response.body = std::move(body);
  return response;
}

Operation DocumentOp(std::string method, std::string path, std::string id, std::string summary,
                     std::string tag, Access access, std::string media_type, std::string schema,
                     Handler handler) {
  Operation op = ApiOp(std::move(method), std::move(path), std::move(id), std::move(summary),
                       std::move(tag), access, "", 200, std::move(schema), std::move(handler));
  op.response_media_type = std::move(media_type);
  return op;
}

}  // namespace

void AddReadinessRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  const std::string partner = "/api/v1/projects/{project_id}/partners/{partner_id}";
  const std::string readiness = partner + "/readiness";
  const std::string certificates = partner + "/certificates";
  ops.push_back(
      ApiOp("GET", readiness, "getPartnerReadiness",
            "A partner's readiness: per environment the required categories with the verdicts of "
            "the run that decides them, failures, warnings and gaps apart; its traffic per "
            "operation over 7 days; open plan items; the vendor's notes it acknowledged",
            "readiness", Access::kAnyUser, "", 200, "ReadinessReport",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto report, d.readiness.Report(c.actor(), Param(c, "project_id"),
                                                               Param(c, "partner_id")));
              return JsonResponse(200, services::ReadinessJson(report));
            })));
  ops.push_back(DocumentOp(
      "GET", readiness + "/markdown", "getPartnerReadinessMarkdown",
      "The readiness report as Markdown (GitHub's tables), with links into the portal", "readiness",
      Access::kAnyUser, "text/markdown", "",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto report, d.readiness.Report(c.actor(), Param(c, "project_id"),
                                                         Param(c, "partner_id")));
        return Document("text/markdown; charset=utf-8",
                        services::ReadinessMarkdown(report, PortalProjectUrl(d, c)),
                        StrCat("readiness-", report.partner_org_id, ".md"));
      })));
  ops.push_back(DocumentOp(
      "GET", readiness + "/html", "getPartnerReadinessHtml",
      "The readiness report as a standalone, printable HTML page (no script)", "readiness",
      Access::kAnyUser, "text/html", "",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto report, d.readiness.Report(c.actor(), Param(c, "project_id"),
                                                         Param(c, "partner_id")));
        net::Response response =
            Document("text/html; charset=utf-8",
                     services::ReadinessHtml(report, PortalProjectUrl(d, c)), "");
        // Its styles are inline so that the saved file stands alone; nothing else runs.
        response.headers.Set("content-security-policy",
                             "default-src 'none'; style-src 'unsafe-inline'; "
                             "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        return response;
      })));
  ops.push_back(ApiOp(
      "POST", certificates, "createCertificate",
      "Certify a partner for an environment where it is ready: the report, run and spec "
      "version are frozen and signed with the server's Ed25519 key (409 with the reason when "
      "it is not ready)",
      "readiness", Access::kVendor, "CertificateCreate", 201, "Certificate",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto body, ReadJsonObject(c.request));
        RETURN_IF_ERROR(OnlyFields(body, {"environment_id"}));
        ASSIGN_OR_RETURN(auto environment, StringField(body, "environment_id", true));
        ASSIGN_OR_RETURN(auto issued, d.certificates.Certify(c.actor(), Param(c, "project_id"),
                                                             Param(c, "partner_id"), *environment));
        return JsonResponse(201, EncodeCertificate(issued, c.actor().scope));
      })));
  ops.push_back(
      ApiOp("GET", certificates, "listCertificates",
            "A partner's certificates, newest first, each marked stale once later evidence (a "
            "failing run there, a new spec version) no longer supports it",
            "readiness", Access::kAnyUser, "", 200, "CertificateList",
            Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
              ASSIGN_OR_RETURN(auto found, d.certificates.List(c.actor(), Param(c, "project_id"),
                                                               Param(c, "partner_id")));
              return ItemsResponse(found, [&](const store::CertificateRecord& one) {
                return EncodeCertificate(one, c.actor().scope);
              });
            })));
  ops.push_back(ApiOp(
      "GET", certificates + "/{certificate_id}", "getCertificate", "One certificate", "readiness",
      Access::kAnyUser, "", 200, "Certificate",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto found,
                         d.certificates.Get(c.actor(), Param(c, "project_id"),
                                            Param(c, "partner_id"), Param(c, "certificate_id")));
        return JsonResponse(200, EncodeCertificate(found, c.actor().scope));
      })));
  ops.push_back(DocumentOp(
      "GET", certificates + "/{certificate_id}/file", "getCertificateFile",
      "The signed certificate as issued, byte for byte: check it offline with `icopilot "
      "certificate verify FILE --public-key KEY`",
      "readiness", Access::kAnyUser, "application/json", "CertificateFile",
      Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
        ASSIGN_OR_RETURN(auto found,
                         d.certificates.Get(c.actor(), Param(c, "project_id"),
                                            Param(c, "partner_id"), Param(c, "certificate_id")));
        return Document("application/json", found.document, StrCat(found.id, ".json"));
      })));
  ops.push_back(ApiOp("GET", "/api/v1/certificate-key", "getCertificateKey",
                      "The public key this server signs certificates with (anyone may read it)",
                      "readiness", Access::kPublic, "", 200, "CertificateKey",
                      Wrap(deps, [](ApiDependencies& d, Context&) -> absl::StatusOr<net::Response> {
                        ASSIGN_OR_RETURN(auto key, d.certificates.PublicKey());
                        return JsonResponse(200,
                                            boost::json::object{{"algorithm", "Ed25519"},
                                                                {"key_id", key.key_id},
                                                                {"public_key", key.public_key}});
                      })));
}

}  // namespace icopilot::api
