// Redaction throughput on realistic JSON bodies: every example payload in GitHub's REST
// API description (users, emails, URLs, ids, tokens), each body redacted as a trace's
// body is. Prints MB/s, and the ceiling: Boost.JSON parse and serialize of the same
// bodies, which redaction does too, without the detectors.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "best_seconds.h"
#include "traces/redaction.h"

namespace {

void CollectExamples(const boost::json::value& value, std::vector<std::string>& bodies, int depth) {
  if (depth > 64) return;
  if (value.is_object()) {
    const auto& object = value.as_object();
    if (const auto* example = object.if_contains("value");
        example != nullptr && object.size() <= 3 && (example->is_object() || example->is_array())) {
      bodies.push_back(boost::json::serialize(*example));
    }
    for (const auto& [key, child] : object) CollectExamples(child, bodies, depth + 1);
  } else if (value.is_array()) {
    for (const auto& child : value.as_array()) CollectExamples(child, bodies, depth + 1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: redaction_bench SPEC.json [RUNS]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::vector<std::string> bodies;
  CollectExamples(boost::json::parse(text.str()), bodies, 0);
  std::size_t bytes = 0;
  for (const auto& body : bodies) bytes += body.size();
  if (bytes == 0) return 1;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 3;
  auto redactor = icopilot::traces::Redactor::Create();
  std::size_t masked = 0;
  double redact = BestSeconds(runs, [&] {
    masked = 0;
    for (const auto& body : bodies) {
      std::string copy = body;
      masked += redactor->RedactBody(copy);
    }
  });
  double ceiling = BestSeconds(runs, [&] {
    for (const auto& body : bodies) {
      std::string copy = boost::json::serialize(boost::json::parse(body));
      if (copy.empty()) std::abort();
    }
  });
  const double mb = static_cast<double>(bytes) / (1 << 20);
  std::printf("\nRedaction: %zu example bodies from %s (%.1f MiB), best of %d\n", bodies.size(),
              argv[1], mb, runs);
  std::printf("%-46s %10.1f MiB/s  (%zu values masked)\n",
              "icopilot redaction (detect, mask, write)", mb / redact, masked);
  std::printf("%-46s %10.1f MiB/s\n", "Boost.JSON parse + serialize (the ceiling)", mb / ceiling);
  std::printf("redaction / ceiling          %6.2fx the time\n", redact / ceiling);
  return 0;
}
