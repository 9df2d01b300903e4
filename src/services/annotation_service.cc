#include "services/annotation_service.h"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include "contract/condition.h"
#include "contract/operation_index.h"
#include "contract/request_builder.h"
#include "contract/request_check.h"
#include "contract/request_fields.h"
#include "core/status_macros.h"
#include "core/strings.h"
#include "services/audit.h"
#include "store/annotation_repository.h"

namespace icopilot::services {
namespace {

const spec::Operation* FindOperation(const spec::Spec& spec, std::string_view operation_id) {
  for (const auto& operation : spec.operations) {
    if (operation.operation_id == operation_id) return &operation;
  }
  return nullptr;
}

// Where the version lacks the annotation's target, why; "" when it has it.
std::string TargetProblem(const LoadedVersion& version, const store::AnnotationRecord& record) {
  const spec::Operation* operation = FindOperation(*version.loaded.spec, record.operation_id);
  if (operation == nullptr) return StrCat("this version has no operation ", record.operation_id);
  absl::Status status = contract::CheckRequestField(*version.schemas, *operation, record.pointer);
  return status.ok() ? "" : std::string(status.message());
}

// InvalidArgument naming the field at fault when the version lacks the target.
absl::Status CheckTarget(const LoadedVersion& version, const store::AnnotationRecord& record) {
  if (FindOperation(*version.loaded.spec, record.operation_id) == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("operation_id: the current version has no operation ", record.operation_id));
  }
  if (std::string problem = TargetProblem(version, record); !problem.empty()) {
    return absl::InvalidArgumentError(StrCat("pointer: ", problem));
  }
  return absl::OkStatus();
}

bool IsHttpUrl(std::string_view link) {
  return (link.starts_with("https://") || link.starts_with("http://")) &&
         link.find_first_of(" \t\r\n<>\"") == std::string_view::npos && link.size() <= 2000;
}

void Apply(const AnnotationInput& input, store::AnnotationRecord& record) {
  if (input.operation_id) record.operation_id = *input.operation_id;
  if (input.pointer) {
    // A leading '#' is allowed, as everywhere pointers are taken.
    record.pointer = input.pointer->starts_with("#") ? input.pointer->substr(1) : *input.pointer;
  }
  if (input.kind) record.kind = *input.kind;
  if (input.message) record.message = *input.message;
  if (input.link) record.link = *input.link;
  if (input.condition) record.condition = std::string(TrimWhitespace(*input.condition));
}

}  // namespace

const std::vector<std::string>& AnnotationKinds() {
  static const std::vector<std::string> kinds = {"auth", "edge_case", "deprecation", "tip",
                                                 "known_issue"};
  return kinds;
}

absl::Status AnnotationService::CheckInput(const store::AnnotationRecord& record) const {
  if (record.operation_id.empty()) return absl::InvalidArgumentError("operation_id: required");
  const auto& kinds = AnnotationKinds();
  if (std::find(kinds.begin(), kinds.end(), record.kind) == kinds.end()) {
    return absl::InvalidArgumentError(
        "kind: one of auth, edge_case, deprecation, tip, known_issue");
  }
  if (TrimWhitespace(record.message).empty()) {
    return absl::InvalidArgumentError("message: required");
  }
  // Characters, as the API's schema counts them (`maxLength`), not bytes.
  const auto characters = std::count_if(record.message.begin(), record.message.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  });
  if (static_cast<std::size_t>(characters) > kMaxAnnotationMessage) {
    return absl::InvalidArgumentError(
        StrCat("message: at most ", kMaxAnnotationMessage, " characters"));
  }
  if (!record.link.empty() && !IsHttpUrl(record.link)) {
    return absl::InvalidArgumentError("link: an http:// or https:// URL");
  }
  if (!record.condition.empty()) {
    auto parsed = contract::ParseCondition(record.condition);
    if (!parsed.condition) {
      return absl::InvalidArgumentError(
          StrCat("condition: column ", parsed.error.column, ": ", parsed.error.message));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const LoadedVersion>> AnnotationService::Version(
    const Actor& actor, std::string_view project_id, std::string& version_id) {
  if (version_id.empty()) {
    ASSIGN_OR_RETURN(auto latest, specs_.LatestSpecVersion(actor, project_id));
    version_id = latest.id;
  }
  return specs_.LoadVersion(actor, project_id, version_id);
}

AnnotationView AnnotationService::View(store::AnnotationRecord record, const LoadedVersion* version,
                                       const std::string& version_id) const {
  AnnotationView view;
  if (version != nullptr) {
    view.checked_against = version_id;
    view.target_problem = TargetProblem(*version, record);
  }
  if (!record.condition.empty()) {
    if (auto parsed = contract::ParseCondition(record.condition); parsed.condition) {
      view.condition_fields = parsed.condition->Fields();
    }
  }
  view.record = std::move(record);
  return view;
}

absl::StatusOr<AnnotationView> AnnotationService::Create(const Actor& actor,
                                                         std::string_view project_id,
                                                         const AnnotationInput& input) {
  store::AnnotationRecord record;
  record.project_id = std::string(project_id);
  Apply(input, record);
  RETURN_IF_ERROR(CheckInput(record));
  // NotFound for a project the actor does not see, before anything else is said of it.
  RETURN_IF_ERROR(
      store::AnnotationRepository(db_).CountForProject(actor.scope, project_id).status());
  std::string version_id;
  auto version = Version(actor, project_id, version_id);
  if (absl::IsNotFound(version.status())) {
    return absl::FailedPreconditionError(
        "annotations point into the project's spec: upload a version first");
  }
  if (!version.ok()) return version.status();
  RETURN_IF_ERROR(CheckTarget(**version, record));
  record.created_at = clock_.NowMillis();
  record.updated_at = record.created_at;
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    store::AnnotationRepository annotations(tx);
    ASSIGN_OR_RETURN(auto count, annotations.CountForProject(actor.scope, project_id));
    if (count >= kMaxAnnotationsPerProject) {
      return absl::FailedPreconditionError(
          StrCat("a project holds at most ", kMaxAnnotationsPerProject, " annotations"));
    }
    ASSIGN_OR_RETURN(record, annotations.Create(actor.scope, record));
    return RecordAudit(tx, actor, "annotation.create", "annotation", record.id,
                       {{"project_id", record.project_id},
                        {"operation_id", record.operation_id},
                        {"kind", record.kind}},
                       record.created_at);
  }));
  if (on_count_changed_) on_count_changed_(project_id);
  return View(std::move(record), version->get(), version_id);
}

absl::StatusOr<store::Page<AnnotationView>> AnnotationService::List(
    const Actor& actor, std::string_view project_id, std::string_view operation_id,
    std::string_view spec_version_id, const store::PageRequest& page) {
  ASSIGN_OR_RETURN(auto records, store::AnnotationRepository(db_).List(actor.scope, project_id,
                                                                       operation_id, page));
  std::string version_id(spec_version_id);
  auto version = Version(actor, project_id, version_id);
  if (!version.ok() && !spec_version_id.empty()) return version.status();
  store::Page<AnnotationView> views;
  views.has_more = records.has_more;
  for (auto& record : records.items) {
    views.items.push_back(
        View(std::move(record), version.ok() ? version->get() : nullptr, version_id));
  }
  return views;
}

absl::StatusOr<AnnotationView> AnnotationService::Get(const Actor& actor,
                                                      std::string_view project_id,
                                                      std::string_view id) {
  ASSIGN_OR_RETURN(auto record, store::AnnotationRepository(db_).Get(actor.scope, project_id, id));
  std::string version_id;
  auto version = Version(actor, project_id, version_id);
  return View(std::move(record), version.ok() ? version->get() : nullptr, version_id);
}

absl::StatusOr<AnnotationView> AnnotationService::Update(const Actor& actor,
                                                         std::string_view project_id,
                                                         std::string_view id,
                                                         const AnnotationInput& input) {
  store::AnnotationRepository annotations(db_);
  ASSIGN_OR_RETURN(auto record, annotations.Get(actor.scope, project_id, id));
  if (actor.scope.is_partner()) return absl::NotFoundError("annotation not found");
  const bool retargeted = (input.operation_id && *input.operation_id != record.operation_id) ||
                          (input.pointer && *input.pointer != record.pointer);
  Apply(input, record);
  RETURN_IF_ERROR(CheckInput(record));
  std::string version_id;
  auto version = Version(actor, project_id, version_id);
  // A note whose target vanished may still be edited; moving it needs a real target.
  if (retargeted) {
    if (!version.ok()) return version.status();
    RETURN_IF_ERROR(CheckTarget(**version, record));
  }
  record.updated_at = clock_.NowMillis();
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    ASSIGN_OR_RETURN(record, store::AnnotationRepository(tx).Update(actor.scope, record));
    return RecordAudit(tx, actor, "annotation.update", "annotation", record.id,
                       {{"project_id", record.project_id}}, record.updated_at);
  }));
  return View(std::move(record), version.ok() ? version->get() : nullptr, version_id);
}

absl::Status AnnotationService::Delete(const Actor& actor, std::string_view project_id,
                                       std::string_view id) {
  RETURN_IF_ERROR(db_.InTransaction([&](store::SqlExecutor& tx) -> absl::Status {
    RETURN_IF_ERROR(store::AnnotationRepository(tx).Delete(actor.scope, project_id, id));
    return RecordAudit(tx, actor, "annotation.delete", "annotation", id,
                       {{"project_id", std::string(project_id)}}, clock_.NowMillis());
  }));
  if (on_count_changed_) on_count_changed_(project_id);
  return absl::OkStatus();
}

absl::StatusOr<ConditionPreview> AnnotationService::Preview(const Actor& actor,
                                                            std::string_view project_id,
                                                            std::string_view spec_version_id,
                                                            std::string_view operation_id,
                                                            std::string_view condition) {
  auto parsed = contract::ParseCondition(condition);
  if (!parsed.condition) {
    return absl::InvalidArgumentError(
        StrCat("condition: column ", parsed.error.column, ": ", parsed.error.message));
  }
  std::string version_id(spec_version_id);
  ASSIGN_OR_RETURN(auto version, Version(actor, project_id, version_id));
  const spec::Spec& spec = *version->loaded.spec;
  const spec::Operation* operation = FindOperation(spec, operation_id);
  if (operation == nullptr) {
    return absl::InvalidArgumentError(
        StrCat("operation_id: this version has no operation ", operation_id));
  }
  ConditionPreview preview;
  auto built = contract::BuildValidRequest(spec, *version->schemas, *operation,
                                           {.credentials = std::nullopt});
  if (!built.ok()) return preview;  // no request can be made: nothing to preview
  contract::OperationIndex index(spec);
  auto match = index.Match(built->request.method, built->request.path, built->request.query,
                           &built->request.headers);
  auto add = [&](std::string name, const net::Request& request) {
    ConditionPreview::Example example;
    example.name = std::move(name);
    example.request =
        contract::ConditionInput(*version->schemas, *operation, request, match.path_params);
    example.matched = parsed.condition->Matches(example.request);
    preview.examples.push_back(std::move(example));
  };
  if (operation->request_body) {
    for (const auto& media : operation->request_body->content) {
      if (!contract::IsJsonMediaType(media.media_type)) continue;
      for (const auto& documented : media.examples) {
        if (documented.value == nullptr || preview.examples.size() >= 20) continue;
        net::Request request = built->request;
        request.body = boost::json::serialize(*documented.value);
        request.headers.Set("content-type", media.media_type);
        add(documented.name.empty() ? "example" : documented.name, request);
      }
    }
  }
  add("generated", built->request);
  return preview;
}

absl::StatusOr<MatchedAnnotations> AnnotationService::Match(const Actor& actor,
                                                            std::string_view project_id,
                                                            std::string_view spec_version_id,
                                                            std::string_view operation_id,
                                                            const boost::json::object& request) {
  ASSIGN_OR_RETURN(auto records,
                   store::AnnotationRepository(db_).ListForOperation(
                       actor.scope, project_id, operation_id, kMaxAnnotationsPerProject));
  std::string version_id(spec_version_id);
  auto version = Version(actor, project_id, version_id);
  MatchedAnnotations result;
  for (auto& record : records) {
    bool matched = false;
    if (!record.condition.empty()) {
      auto parsed = contract::ParseCondition(record.condition);
      matched = parsed.condition && parsed.condition->Matches(request);
    }
    (matched ? result.matched : result.other)
        .push_back(View(std::move(record), version.ok() ? version->get() : nullptr, version_id));
  }
  return result;
}

std::optional<SentRequest> SentRequestFromJson(const boost::json::object& json) {
  const auto* method = json.if_contains("method");
  const auto* url = json.if_contains("url");
  if (method == nullptr || !method->is_string() || url == nullptr || !url->is_string())
    return std::nullopt;
  SentRequest sent{std::string(method->as_string()), std::string(url->as_string()), {}, ""};
  for (std::string_view key : {"request_headers", "headers"}) {
    const auto* headers = json.if_contains(key);
    if (headers == nullptr || !headers->is_array()) continue;
    for (const auto& pair : headers->as_array()) {
      if (!pair.is_array() || pair.as_array().size() != 2 || !pair.as_array()[0].is_string() ||
          !pair.as_array()[1].is_string())
        continue;
      sent.headers.emplace_back(pair.as_array()[0].as_string(), pair.as_array()[1].as_string());
    }
  }
  for (std::string_view key : {"request_body", "body"}) {
    if (const auto* body = json.if_contains(key); body != nullptr && body->is_string())
      sent.body = std::string(body->as_string());
  }
  return sent;
}

absl::StatusOr<std::vector<AnnotationView>> AnnotationService::MatchSent(
    const Actor& actor, std::string_view project_id, std::string_view spec_version_id,
    std::string_view operation_id, const SentRequest& sent) {
  std::string version_id(spec_version_id);
  ASSIGN_OR_RETURN(auto version, Version(actor, project_id, version_id));
  const spec::Operation* operation = FindOperation(*version->loaded.spec, operation_id);
  if (operation == nullptr) return std::vector<AnnotationView>{};
  // "https://host:8443/v1/x?y=1" -> "/v1/x", "y=1"
  std::string_view target = sent.url;
  if (const auto scheme = target.find("://"); scheme != std::string_view::npos) {
    const auto slash = target.find('/', scheme + 3);
    target = slash == std::string_view::npos ? "/" : target.substr(slash);
  }
  net::Request request;
  request.method = sent.method;
  request.target = std::string(target);
  const auto question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  for (const auto& [name, value] : sent.headers) request.headers.Add(name, value);
  request.body = sent.body;
  const boost::json::object input =
      contract::ConditionInput(*version->schemas, *operation, request,
                               contract::PathParamsFromTail(*operation, request.path));
  ASSIGN_OR_RETURN(MatchedAnnotations matched,
                   Match(actor, project_id, version_id, operation_id, input));
  return std::move(matched.matched);
}

}  // namespace icopilot::services
