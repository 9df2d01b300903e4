// JSON parsing with the limits and error positions that outside input needs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace boost::system {
class error_code;
}

namespace icopilot {

struct JsonLimits {
  std::size_t max_depth = 64;
};

// Parses one JSON document. Errors are InvalidArgument with the byte offset where
// parsing stopped ("invalid JSON at offset 17: syntax error"); trailing content after
// the document is an error too. Of repeated keys the last is kept (JsonArena counts the
// others). `storage` holds the result.
absl::StatusOr<boost::json::value> ParseJson(std::string_view text, JsonLimits limits = {},
                                             boost::json::storage_ptr storage = {});

// The same, fed in chunks (a file read piece by piece never sits whole in memory beside
// its DOM). Errors name the offset in the whole input.
class JsonStreamParser {
 public:
  explicit JsonStreamParser(JsonLimits limits = {}, boost::json::storage_ptr storage = {});
  ~JsonStreamParser();
  JsonStreamParser(const JsonStreamParser&) = delete;
  JsonStreamParser& operator=(const JsonStreamParser&) = delete;

  // Before the first Write: note the distinct string values of members named `key`
  // anywhere in the document ("$ref"), so a caller that needs them all skips a walk
  // over the whole DOM.
  void CollectStringsOf(std::string key);

  absl::Status Write(std::string_view chunk);
  absl::StatusOr<boost::json::value> Finish();
  // After Finish: the values noted, sorted, each once.
  std::vector<std::string> TakeCollected();

  // When the bytes written so far end just after a member's value with nothing but
  // objects open: how many are (the root is 1); 0 anywhere else. There a second parser
  // can take over the rest (json_split.h).
  std::size_t ObjectsOpenAfterAMember() const;

 private:
  struct Impl;
  absl::Status Error(const boost::system::error_code& ec, std::size_t at, bool at_end) const;
  JsonLimits limits_;
  std::size_t offset_ = 0;
  std::unique_ptr<Impl> impl_;
};

// Serializes compactly.
std::string ToJson(const boost::json::value& value);

}  // namespace icopilot
