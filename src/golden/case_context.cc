#include "golden/case_context.h"

#include <algorithm>
#include <chrono>

#include "contract/request_builder.h"
#include "core/crypto.h"
#include "core/strings.h"

namespace icopilot::golden {

std::string Got(const net::ClientResponse& response) { return StrCat("got ", response.status); }

CaseContext::CaseContext(RunContext& run_context, const PlannedCase& planned, CaseResult& out)
    : run(run_context), row(planned), result(out), index_(planned.operation_index) {}

void CaseContext::End(Verdict verdict, std::string reason) {
  result.status = verdict;
  result.reason = std::move(reason);
}

void CaseContext::ErrorFrom(const absl::Status& status, std::string_view doing) {
  if (absl::IsFailedPrecondition(status) && doing == "building") {
    NotSetUp(StrCat("no valid request can be built: ", std::string(status.message())));
    return;
  }
  Error(StrCat(doing, " failed: ", std::string(status.message())));
}

absl::StatusOr<net::Request> CaseContext::Valid(std::uint64_t seed) {
  return Build(index_, seed, true);
}

absl::StatusOr<net::Request> CaseContext::ValidWithPath(
    std::vector<std::pair<std::string, std::string>> path_values) {
  return Build(index_, 3, true, std::move(path_values));
}

absl::StatusOr<net::Request> CaseContext::ValidFor(std::size_t op_index, std::uint64_t seed) {
  return Build(op_index, seed, true);
}

absl::StatusOr<net::Request> CaseContext::ValidWithoutCredentials(std::uint64_t seed) {
  return Build(index_, seed, false);
}

absl::StatusOr<net::Request> CaseContext::Build(
    std::size_t op_index, std::uint64_t seed, bool credentials,
    std::vector<std::pair<std::string, std::string>> given) {
  const spec::Operation& target_op = run.spec.operations[op_index];
  contract::BuildOptions options{.credentials = std::nullopt,
                                 .seed = seed,
                                 .path_values = std::move(given),
                                 .fixed_values = run.session.target().parameter_values};
  // An item operation reads, changes or deletes a resource the run made, as a client would;
  // so does an action under an item (POST /orders/{orderId}/cancel), on a resource of its
  // own, since an action may change what other cases read.
  std::string_view item_path = target_op.path;
  std::string parameter = ItemParameter(item_path);
  const bool action = parameter.empty() && !ItemParameter(ParentPath(item_path)).empty();
  if (action) {
    item_path = ParentPath(item_path);
    parameter = ItemParameter(item_path);
  }
  std::optional<std::size_t> creator;
  if (!parameter.empty()) creator = FindOperation(run.spec, "post", ParentPath(item_path));
  const bool id_given = std::any_of(options.path_values.begin(), options.path_values.end(),
                                    [&](const auto& entry) { return entry.first == parameter; });
  if (creator && !run.read_only && *creator != op_index && !id_given) {
    std::optional<std::string> id;
    const bool shared = target_op.method != "delete" && !action;
    if (shared) id = run.fixtures.Shared(*creator);
    if (!id) {
      auto create = Build(*creator, 3, true);
      absl::StatusOr<net::ClientResponse> made =
          create.ok() ? Send(*create) : absl::StatusOr<net::ClientResponse>(create.status());
      if (made.ok() && made->status / 100 == 2) {
        std::string created = CreatedId(parameter, made->body, made->headers.Find("location"));
        if (!created.empty()) {
          id = created;  // Send remembered it for deletion
          if (shared) run.fixtures.SetShared(*creator, created);
        }
      }
      if (!id) {
        Note(StrCat("no resource could be created for ", target_op.path, " (",
                    made.ok() ? Got(*made) : std::string(made.status().message()),
                    "); a generated id was used"));
      }
    }
    if (id) options.path_values.emplace_back(parameter, *id);
  }
  auto built = contract::BuildValidRequest(run.spec, run.schemas, target_op, options);
  if (!built.ok()) return built.status();
  // Each request is a new attempt: a generated key would be the same for every request
  // built with one seed, and the API would rightly replay the first answer.
  if (const std::string& header = run.blueprint.operations[op_index].idempotency_header;
      !header.empty()) {
    built->request.headers.Set(header, StrCat("icopilot-", RandomToken(12)));
  }
  if (credentials) {
    if (absl::Status added = run.credentials.AddValid(target_op, built->request, result.evidence);
        !added.ok()) {
      return added;
    }
  }
  last_built_ = op_index;
  return std::move(built->request);
}

absl::StatusOr<net::ClientResponse> CaseContext::Send(const net::Request& request,
                                                      const SendOptions& options) {
  auto response = run.session.Send(request, result.evidence, options);
  if (response.ok() && response->status == 401) {
    // A fetched token the API no longer takes: fetch a new one, once.
    auto authorization = request.headers.Find("authorization");
    if (authorization && authorization->starts_with("Bearer ") && last_built_ &&
        run.credentials.Forget(std::string(authorization->substr(7)))) {
      net::Request again = request;
      again.headers.Remove("authorization");
      if (run.credentials.AddValid(run.spec.operations[*last_built_], again, result.evidence)
              .ok() &&
          again.headers.Find("authorization") != authorization) {
        response = run.session.Send(again, result.evidence, options);
      }
    }
  }
  // What the case's own POSTs create is deleted at the end too.
  if (response.ok() && response->status / 100 == 2 && request.method == "POST" && last_built_) {
    const spec::Operation& sent = run.spec.operations[*last_built_];
    for (std::size_t i = 0; i < run.spec.operations.size(); ++i) {
      const auto& item = run.spec.operations[i];
      if (item.method != "delete" || ParentPath(item.path) != sent.path) continue;
      std::string parameter = ItemParameter(item.path);
      std::string id = CreatedId(parameter, response->body, response->headers.Find("location"));
      if (!parameter.empty() && !id.empty()) run.fixtures.Remember({i, parameter, id});
      break;
    }
  }
  return response;
}

}  // namespace icopilot::golden
