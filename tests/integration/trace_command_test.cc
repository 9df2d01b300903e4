// `icopilot trace import` on the real binary: trace lines per the documented schema, the
// contract checked, personal data absent from what is written, and the exit codes.
#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "support/cli_schema.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace icopilot::testing {
namespace {

const std::filesystem::path kTests = std::filesystem::path(ICOPILOT_SPEC_FIXTURES) / ".." / "..";

TEST(TraceCommand, ImportsAHarFileIntoCheckedRedactedTraceLines) {
  TempDir dir;
  CommandResult result =
      RunIcopilot({"trace", "import", (kTests / "traces" / "fixtures" / "orders.har").string(),
                   "--spec", (kTests / "golden" / "specs" / "orders.yaml").string(), "--output",
                   (dir.path() / "traces.jsonl").string()});
  EXPECT_EQ(result.exit_code, 1) << "one entry has no method: listed, so exit 1\n" << result.err;
  EXPECT_NE(result.err.find("entry 3 skipped"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("3 traces (2 matched an operation)"), std::string::npos) << result.err;
  std::ifstream in(dir.path() / "traces.jsonl");
  std::string line, all;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    all += line + "\n";
    EXPECT_EQ(CliSchemaErrors("trace", line), "") << line;
  }
  EXPECT_EQ(lines, 3);
  for (std::string personal : {"ana@shop.example", "4111111111111111", "k-live-123456"})
    EXPECT_EQ(all.find(personal), std::string::npos) << personal;
  std::string rest = all.substr(all.find('\n') + 1);
  auto second = boost::json::parse(rest.substr(0, rest.find('\n')));
  EXPECT_EQ(second.at("operation_id"), "getOrder");
  EXPECT_EQ(second.at("violations").at(0).at("side"), "response");
}

TEST(TraceCommand, RefusesWhatIsNotHar) {
  TempDir dir;
  std::ofstream(dir.path() / "x.har") << "{\"hello\": 1}";
  CommandResult result = RunIcopilot({"trace", "import", (dir.path() / "x.har").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("not a HAR file: no log.entries array"), std::string::npos)
      << result.err;
  EXPECT_EQ(RunIcopilot({"trace", "import", (dir.path() / "missing.har").string()}).exit_code, 2);
}

}  // namespace
}  // namespace icopilot::testing
