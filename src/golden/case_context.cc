#include "golden/case_context.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "contract/listed_ids.h"
#include "contract/request_builder.h"
#include "contract/request_check.h"
#include "core/crypto.h"
#include "core/json.h"
#include "core/strings.h"
#include "schema/compiled_schema.h"
#include "schema/generator.h"
#include "schema/node_lookup.h"

namespace icopilot::golden {

std::string Got(const net::ClientResponse& response) { return StrCat("got ", response.status); }

std::optional<std::string> FreshId(const contract::SpecSchemas& schemas, const spec::Operation& op,
                                   std::string_view parameter) {
  const spec::Parameter* p = nullptr;
  for (const auto& candidate : op.parameters) {
    if (candidate.in == spec::ParameterIn::kPath && candidate.name == parameter) p = &candidate;
  }
  if (p == nullptr) return std::nullopt;
  auto compiled = schemas.Get(p->schema);
  if (!compiled.ok()) return StrCat("icopilot-", RandomToken(10));
  const std::uint8_t types = schema::TypesOf((*compiled)->compiled().root);
  // Random every time, whatever shape the id takes: two cases that made the same id would
  // share a resource, and one that deletes its own would delete the other's. Large numbers
  // for numeric ids: small ones (0, 1, 15) are often real.
  std::string letters, digits;
  for (char c : RandomToken(24)) {
    if (std::isalnum(static_cast<unsigned char>(c))) letters += c;
    digits += static_cast<char>('0' + static_cast<unsigned char>(c) % 10);
  }
  for (const std::string& text :
       {StrCat("icopilot-", RandomToken(10)), StrCat("icopilot", letters.substr(0, 12)),
        StrCat("9", digits.substr(0, 8)), StrCat("9", digits.substr(0, 4))}) {
    if ((*compiled)->Validate(contract::ReadAsType(text, types), {.all_errors = false}).valid)
      return text;
  }
  // An id with a shape of its own (`^ord_[0-9a-z]{6,32}$`, an integer): made by the
  // generator from a random seed, without the spec's examples (an example may be a real id).
  // The generator keeps repetitions short (`d[a-z0-9]+` gives "d2p"), and a short id is
  // likely to be one the API issued too, which would turn "unknown id" into a false alarm:
  // a random tail is kept where the shape takes it, as most id patterns end in a repeat.
  std::string tail;
  for (char c : letters) tail += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto valid = [&](const std::string& text) {
    return !text.empty() &&
           (*compiled)->Validate(contract::ReadAsType(text, types), {.all_errors = false}).valid;
  };
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::uint64_t seed = 0;
    for (char c : RandomToken(8)) seed = seed * 131 + static_cast<unsigned char>(c);
    auto made = schema::GenerateValid(
        **compiled,
        {.seed = seed, .direction = schema::Direction::kRequest, .prefer_examples = false});
    if (!made.ok()) break;
    std::string text = contract::ParameterText(made->value);
    for (std::size_t keep = tail.size(); keep >= 4; keep /= 2) {
      if (std::string longer = text + tail.substr(0, keep); valid(longer)) return longer;
    }
    if (valid(text)) return text;
  }
  return std::nullopt;
}

std::string FittingId(const contract::SpecSchemas& schemas, const spec::Operation& op,
                      std::string_view parameter, const std::vector<std::string>& candidates) {
  for (const auto& p : op.parameters) {
    if (p.in != spec::ParameterIn::kPath || p.name != parameter) continue;
    auto compiled = schemas.Get(p.schema);
    if (!compiled.ok()) break;
    const std::uint8_t types = schema::TypesOf((*compiled)->compiled().root);
    for (const std::string& id : candidates) {
      if ((*compiled)->Validate(contract::ReadAsType(id, types), {.all_errors = false}).valid)
        return id;
    }
  }
  return candidates.empty() ? "" : candidates.front();
}

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

std::optional<std::string> CaseContext::FreshId(const spec::Operation& op,
                                                std::string_view parameter) const {
  return golden::FreshId(run.schemas, op, parameter);
}

std::string CaseContext::FittingId(const spec::Operation& op, std::string_view parameter,
                                   const std::vector<std::string>& candidates) const {
  return golden::FittingId(run.schemas, op, parameter, candidates);
}

bool CaseContext::Unfounded(const net::ClientResponse& response) const {
  return generated_item_ && (response.status == 404 || response.status == 410);
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
  // Made by a POST to the collection, else by a PUT to the item (create-or-replace, as
  // Azure's APIs make everything).
  std::optional<std::size_t> creator;
  bool put_creates = false;
  if (!parameter.empty()) {
    creator = FindOperation(run.spec, spec::Method::kPost, ParentPath(item_path));
    if (!creator) {
      creator = FindOperation(run.spec, spec::Method::kPut, item_path);
      put_creates = creator.has_value();
    }
  }
  const bool id_given = std::any_of(options.path_values.begin(), options.path_values.end(),
                                    [&](const auto& entry) { return entry.first == parameter; });
  const bool id_fixed = std::any_of(options.fixed_values.begin(), options.fixed_values.end(),
                                    [&](const auto& entry) { return entry.first == parameter; });
  if (!creator && !parameter.empty() && !id_given && !id_fixed) {
    // Nothing creates into the collection (a device's tables, a catalog's products): read an
    // id from its list, as a client would.
    if (auto listed = ListedId(item_path, parameter, op_index)) {
      options.path_values.emplace_back(parameter, listed->id);
      for (auto& parent : listed->parents) options.path_values.push_back(std::move(parent));
    }
  }
  if (creator && !run.read_only && *creator != op_index && !id_given) {
    std::optional<std::string> id;
    std::vector<std::pair<std::string, std::string>> parents;  // as the resource was made
    const bool shared = target_op.method != spec::Method::kDelete && !action;
    if (shared) {
      if (auto made = run.fixtures.Shared(*creator)) {
        id = made->id;
        parents = made->parents;
      }
    }
    if (!id) {
      std::optional<std::string> fresh;
      if (put_creates) fresh = FreshId(run.spec.operations[*creator], parameter);
      auto create =
          put_creates && !fresh
              ? absl::StatusOr<net::Request>(absl::FailedPreconditionError(
                    StrCat("no value for ", parameter, " could be made")))
              : Build(*creator, 3, true,
                      fresh ? std::vector<std::pair<std::string, std::string>>{{parameter, *fresh}}
                            : std::vector<std::pair<std::string, std::string>>{});
      absl::StatusOr<net::ClientResponse> made =
          create.ok() ? Send(*create) : absl::StatusOr<net::ClientResponse>(create.status());
      if (made.ok() && made->status / 100 == 2) {
        std::string created =
            fresh ? *fresh
                  : FittingId(target_op, parameter,
                              CreatedIds(parameter, made->body, made->headers.Find("location")));
        if (!created.empty()) {
          id = created;  // Send remembered it for deletion
          // A resource under a parent (a batch's item) is read under the same parent.
          parents = PathValues(run.spec.operations[*creator].path, create->path);
          if (shared) run.fixtures.SetShared(*creator, {created, parents});
        }
      }
      if (!id) {
        Note(StrCat("no resource could be created for ", target_op.path, " (",
                    made.ok() ? Got(*made) : std::string(made.status().message()),
                    "); a generated id was used"));
      }
    }
    if (id) {
      options.path_values.emplace_back(parameter, *id);
      for (auto& parent : parents) {
        const bool named =
            std::any_of(options.path_values.begin(), options.path_values.end(),
                        [&](const auto& entry) { return entry.first == parent.first; });
        if (!named) options.path_values.push_back(std::move(parent));
      }
    }
  }
  generated_item_ = !parameter.empty() && !id_given &&
                    std::none_of(options.path_values.begin(), options.path_values.end(),
                                 [&](const auto& entry) { return entry.first == parameter; }) &&
                    std::none_of(options.fixed_values.begin(), options.fixed_values.end(),
                                 [&](const auto& entry) { return entry.first == parameter; });
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

std::optional<Made> CaseContext::ListedId(std::string_view item_path, const std::string& parameter,
                                          std::size_t op_index) {
  auto list = FindOperation(run.spec, spec::Method::kGet, ParentPath(item_path));
  if (!list || *list == op_index) return std::nullopt;
  if (auto made = run.fixtures.Shared(*list)) return made;
  auto request = Build(*list, 3, true);
  if (!request.ok()) return std::nullopt;
  auto response = Send(*request);
  if (!response.ok() || response->status / 100 != 2) return std::nullopt;
  auto body = ParseJson(response->body);
  if (!body.ok()) return std::nullopt;
  auto ids = contract::ListedIds(*body, parameter, 20);
  if (!ids || ids->empty()) {
    Note(StrCat("the list at GET ", ParentPath(item_path), " named no ", parameter,
                " to read; a generated one was used"));
    return std::nullopt;
  }
  // The first the item's path parameter takes, as with created ids.
  const std::string id = FittingId(run.spec.operations[op_index], parameter, *ids);
  Made made{id, PathValues(run.spec.operations[*list].path, request->path)};
  run.fixtures.SetShared(*list, made);
  return made;
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
      if (item.method != spec::Method::kDelete || ParentPath(item.path) != sent.path) continue;
      std::string parameter = ItemParameter(item.path);
      std::string id = CreatedId(parameter, response->body, response->headers.Find("location"));
      if (!parameter.empty() && !id.empty()) run.fixtures.Remember({i, parameter, id});
      break;
    }
  }
  return response;
}

}  // namespace icopilot::golden
