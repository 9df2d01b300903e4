#include "services/hosted_mocks.h"

#include <algorithm>
#include <chrono>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/status_macros.h"
#include "core/strings.h"
#include "mock/mock_config.h"
#include "net/problem.h"
#include "spec/load.h"
#include "store/mock_repository.h"

namespace icopilot::services {
namespace {

constexpr std::string_view kPrefix = "/mocks/";

bool IsMockId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string EncodeCredentials(const MockCredentials& credentials) {
  return boost::json::serialize(boost::json::object{{"api_key", credentials.api_key},
                                                    {"client_id", credentials.client_id},
                                                    {"client_secret", credentials.client_secret}});
}

absl::StatusOr<MockCredentials> DecodeCredentials(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(json, ec);
  if (ec || !parsed.is_object()) return absl::DataLossError("mock credentials are unreadable");
  const auto& o = parsed.as_object();
  auto text = [&](std::string_view key) -> std::string {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
  };
  return MockCredentials{text("api_key"), text("client_id"), text("client_secret")};
}

HostedMocks::HostedMocks(store::Database& db, const SecretBox& box, const Clock& clock,
                         HostedMocksOptions options)
    : db_(db), box_(box), clock_(clock), options_(options) {
  listening_ = db_.Listen([this](std::string_view change) {
    if (change == "*") return ReloadAll();
    const std::size_t colon = change.find(':');
    if (!change.starts_with("mock.") || colon == std::string_view::npos) return;
    const std::string_view kind = change.substr(5, colon - 5);
    const std::string id(change.substr(colon + 1));
    if (kind == "updated") Reload(id);
    if (kind == "reset") Reset(id);
    if (kind == "deleted") Forget(id);
  });
}

// Unlisten returns once no callback runs, so none reaches a half-destroyed object.
HostedMocks::~HostedMocks() { db_.Unlisten(listening_); }

absl::Status HostedMocks::Publish(std::string_view kind, std::string_view mock_id) {
  return db_.Publish(StrCat("mock.", kind, ":", mock_id));
}

void HostedMocks::ReloadAll() {
  std::vector<std::string> loaded;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, hosted] : mocks_) loaded.push_back(id);
  }
  for (const auto& id : loaded) Reload(id);
}

std::shared_ptr<HostedMocks::Hosted> HostedMocks::Find(const std::string& mock_id,
                                                       bool create) const {
  std::lock_guard lock(mutex_);
  auto it = mocks_.find(mock_id);
  if (it != mocks_.end()) return it->second;
  if (!create) return nullptr;
  auto hosted = std::make_shared<Hosted>(options_.journal_size);
  mocks_.emplace(mock_id, hosted);
  return hosted;
}

absl::StatusOr<std::shared_ptr<const mock::MockEngine>> HostedMocks::Engine(
    const std::string& mock_id, Hosted& hosted) {
  std::lock_guard load(hosted.load_mutex);
  if (hosted.engine != nullptr) return hosted.engine;
  ASSIGN_OR_RETURN(auto serving, store::MockRepository(db_).FindForServing(mock_id));
  ASSIGN_OR_RETURN(std::string opened, box_.Open(serving.mock.credentials_sealed));
  ASSIGN_OR_RETURN(MockCredentials credentials, DecodeCredentials(opened));

  mock::MockOptions options;
  options.stateful = true;  // hosted mocks remember, unless their settings say otherwise
  boost::system::error_code ec;
  boost::json::value config = boost::json::parse(serving.mock.config, ec);
  if (ec) return absl::DataLossError("the mock's settings are unreadable");
  RETURN_IF_ERROR(mock::ApplyMockConfig(config, options));
  options.auth.strict = true;
  options.auth.api_keys = {credentials.api_key};
  options.auth.basic = {StrCat(credentials.client_id, ":", credentials.client_secret)};

  std::shared_ptr<const spec::LoadedSpec> loaded;
  {
    std::lock_guard lock(mutex_);
    loaded = specs_[serving.mock.spec_version_id].lock();
  }
  if (loaded == nullptr) {
    auto fresh = std::make_shared<spec::LoadedSpec>(spec::LoadSpecText(
        serving.document_label, std::move(serving.document), spec::StoredVersion()));
    if (!fresh->spec) {
      hosted.load_error = StrCat("the spec version no longer loads: ", fresh->unusable_reason);
      return absl::FailedPreconditionError(hosted.load_error);
    }
    loaded = fresh;
    std::lock_guard lock(mutex_);
    specs_[serving.mock.spec_version_id] = loaded;
  }
  hosted.load_error.clear();
  hosted.state->SetLimits(options.state_limits);
  hosted.engine =
      std::make_shared<const mock::MockEngine>(loaded, std::move(options), &clock_, hosted.state);
  return hosted.engine;
}

net::Response HostedMocks::Serve(net::Request& request) {
  const std::int64_t now = clock_.NowMillis();
  // Look for idle mocks now and then: every minute, or sooner for short retentions.
  if (now - last_sweep_ms_.load() > std::min<std::int64_t>(60'000, options_.idle_unload_ms / 2)) {
    last_sweep_ms_ = now;
    UnloadIdle(now);
  }
  std::string_view rest = std::string_view(request.path).substr(kPrefix.size());
  std::size_t slash = rest.find('/');
  const std::string mock_id(rest.substr(0, slash));
  rest = slash == std::string_view::npos ? "/" : rest.substr(slash);
  if (!IsMockId(mock_id)) {
    return net::MakeProblem(404, "mock-not-found", "No such mock",
                            "hosted mocks are served at /mocks/{mock_id}/...");
  }
  const std::string original_path = request.path;
  request.path = std::string(rest);
  net::Response response = ServeMock(request, mock_id, StrCat(kPrefix, mock_id));
  request.path = original_path;
  return response;
}

net::Response HostedMocks::ServeMock(net::Request& request, const std::string& mock_id,
                                     const std::string& prefix) {
  const std::int64_t now = clock_.NowMillis();
  auto hosted = Find(mock_id, false);
  if (hosted == nullptr) {
    // Only mocks that exist get an entry, so unknown ids cannot fill memory.
    auto exists = store::MockRepository(db_).FindForServing(mock_id);
    if (!exists.ok()) {
      return absl::IsNotFound(exists.status())
                 ? net::MakeProblem(404, "mock-not-found", "No such mock",
                                    StrCat("there is no mock ", mock_id))
                 : net::MakeProblem(503, "mock-unavailable", "Mock unavailable",
                                    std::string(exists.status().message()));
    }
    hosted = Find(mock_id, true);
  }
  auto engine = Engine(mock_id, *hosted);
  if (!engine.ok()) {
    return absl::IsNotFound(engine.status())
               ? net::MakeProblem(404, "mock-not-found", "No such mock",
                                  StrCat("there is no mock ", mock_id))
               : net::MakeProblem(503, "mock-unavailable", "Mock unavailable",
                                  std::string(engine.status().message()));
  }

  // The engine sees the API's path; links it makes get the prefix back.
  const std::string original_target = request.target;
  request.target = request.query.empty() ? request.path : StrCat(request.path, "?", request.query);
  auto started = std::chrono::steady_clock::now();
  mock::MockResult result = (*engine)->Handle(request);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count() +
              static_cast<double>(result.delay.count());
  mock::JournalEntry entry{now,
                           request.method,
                           request.target,
                           result.response.status,
                           result.operation_id,
                           ms,
                           result.why,
                           std::move(result.violations)};
  hosted->journal.Add(std::move(entry));
  request.target = original_target;

  net::Response& response = result.response;
  if (!prefix.empty()) {
    if (auto location = response.headers.Find("location"); location && location->starts_with("/"))
      response.headers.Set("location", StrCat(prefix, *location));
    if (auto link = response.headers.Find("link"); link && link->starts_with("</"))
      response.headers.Set("link", StrCat("<", prefix, link->substr(1)));
  }
  response.delay = result.delay;
  ++hosted->requests;
  if (response.status >= 500) {
    ++hosted->server_errors;
  } else if (response.status >= 400) {
    ++hosted->client_errors;
  }
  hosted->last_request_at = now;
  return std::move(response);
}

void HostedMocks::Reload(const std::string& mock_id) {
  if (auto hosted = Find(mock_id, false)) {
    std::lock_guard load(hosted->load_mutex);
    hosted->engine.reset();
  }
}

void HostedMocks::Forget(const std::string& mock_id) {
  std::lock_guard lock(mutex_);
  mocks_.erase(mock_id);
}

void HostedMocks::Reset(const std::string& mock_id) {
  if (auto hosted = Find(mock_id, false)) {
    hosted->state->Reset();
    hosted->journal.Clear();
  }
}

MockHealth HostedMocks::Health(const std::string& mock_id) const {
  MockHealth health;
  health.status = "idle";
  auto hosted = Find(mock_id, false);
  if (hosted == nullptr) return health;
  {
    std::lock_guard load(hosted->load_mutex);
    if (hosted->engine != nullptr) {
      health.status = "loaded";
    } else if (!hosted->load_error.empty()) {
      health.status = "failed";
      health.error = hosted->load_error;
    }
  }
  health.requests = hosted->requests;
  health.client_errors = hosted->client_errors;
  health.server_errors = hosted->server_errors;
  if (hosted->last_request_at > 0) health.last_request_at = hosted->last_request_at.load();
  health.resources = hosted->state->resource_count();
  return health;
}

std::vector<mock::JournalEntry> HostedMocks::JournalOf(const std::string& mock_id) const {
  auto hosted = Find(mock_id, false);
  return hosted == nullptr ? std::vector<mock::JournalEntry>{} : hosted->journal.Entries();
}

void HostedMocks::UnloadIdle(std::int64_t now_ms) {
  std::vector<std::shared_ptr<Hosted>> all;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, hosted] : mocks_) all.push_back(hosted);
  }
  for (auto& hosted : all) {
    if (now_ms - hosted->last_request_at.load() <= options_.idle_unload_ms) continue;
    std::lock_guard load(hosted->load_mutex);
    hosted->engine.reset();
  }
  std::lock_guard lock(mutex_);
  std::erase_if(specs_, [](const auto& entry) { return entry.second.expired(); });
}

std::size_t HostedMocks::loaded_count() const {
  std::lock_guard lock(mutex_);
  std::size_t loaded = 0;
  for (const auto& [id, hosted] : mocks_) {
    std::lock_guard load(hosted->load_mutex);
    if (hosted->engine != nullptr) ++loaded;
  }
  return loaded;
}

}  // namespace icopilot::services
