// One parsed file of a spec: its JSON value (YAML is converted), and the ability to say
// where a JSON pointer sits in the original text. JSON or YAML is decided by content.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "core/json_arena.h"
#include "core/json_text.h"
#include "spec/diagnostic.h"

namespace icopilot::spec {

struct SourcePosition {
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based, in characters
};

struct ParseLimits {
  // JSON nesting. YAML stops earlier, at libfyaml's own limit of 64 levels, which keeps
  // its recursive parser within the stack.
  std::size_t max_depth = 256;
  // YAML aliases copy what they point at; this bounds the values one document may
  // expand to (a "billion laughs" document stops here).
  std::size_t max_values = 20'000'000;
  // This exact text was parsed before in a child process and was fine (a stored spec
  // version, accepted at upload): parse YAML in this process directly. The same parse of
  // the same text takes the same path (decision 0009), and a fork from a busy
  // multi-threaded server is best avoided where it protects nothing.
  bool yaml_checked_before = false;
};

enum class SourceFormat { kJson, kYaml };

class SourceDocument {
 public:
  // InvalidArgument with "line L, column C: ..." when the text is not JSON/YAML or breaks
  // a limit. Warnings (duplicate YAML keys) go to `diagnostics`.
  // `on_disk`: `file` is a path that can be read again, so a JSON document drops its
  // text after parsing (13 MB less at peak on big specs) and re-reads it to place
  // diagnostics. YAML keeps its text: libfyaml's tree points into it.
  static absl::StatusOr<std::unique_ptr<SourceDocument>> Parse(std::string file, std::string text,
                                                               const ParseLimits& limits,
                                                               Diagnostics& diagnostics,
                                                               bool on_disk = false);
  // Reads `path` (already size-checked) as `file`. JSON is parsed as it is read, in
  // pieces, and its text is never held whole (big indented files: the two halves on two
  // threads, each reading its own); YAML is read whole and parsed as above.
  static absl::StatusOr<std::unique_ptr<SourceDocument>> Read(std::string file,
                                                              const std::filesystem::path& path,
                                                              const ParseLimits& limits,
                                                              Diagnostics& diagnostics);
  ~SourceDocument();
  SourceDocument(const SourceDocument&) = delete;
  SourceDocument& operator=(const SourceDocument&) = delete;

  const std::string& file() const { return file_; }
  SourceFormat format() const { return format_; }
  const boost::json::value& root() const { return *root_; }
  // The distinct $ref strings written in the document, sorted (noted while parsing).
  const std::vector<std::string>& refs() const { return refs_; }

  // Where each pointer is: the key of an object member, the start of an array item.
  // One pass over the text for all of them; unknown pointers get {0, 0}.
  std::vector<SourcePosition> Locate(const std::vector<std::string>& pointers) const;

  class YamlTree;

 private:
  SourceDocument() = default;
  void AdoptArenaRoot(boost::json::value&& root);
  // A JSON text in memory or in a file: parsed on two threads when big and indented
  // (core/json_split.h); its $refs noted, repeated keys reported.
  absl::Status ParseJsonText(const JsonText& text, const ParseLimits& limits,
                             Diagnostics& diagnostics);

  // JSON documents are built once and dropped whole: an arena makes both cheap.
  std::unique_ptr<JsonArena> arena_;
  std::unique_ptr<JsonArena> second_arena_;  // the tail of a JSON text parsed on two threads
  std::string file_;
  std::string text_;
  SourceFormat format_ = SourceFormat::kJson;
  bool text_dropped_ = false;                     // JSON read from disk: re-read to locate
  boost::json::value yaml_root_;                  // YAML: converted, on the heap
  const boost::json::value* root_ = &yaml_root_;  // JSON: in arena_
  std::vector<std::string> refs_;
  std::unique_ptr<YamlTree> yaml_;  // kept for locating, YAML only
};

// A {"$ref": "<string>"} object. Its JSON pointer is worked out only for the few sites a
// diagnostic is about: building one per site cost more time and memory than the parse
// on big specs.
struct RefSite {
  const boost::json::value* holder = nullptr;
  std::string_view ref;  // into the document
};
// Every one in `root`, in document order.
std::vector<RefSite> FindRefSites(const boost::json::value& root);

// Exposed for tests and the fuzz target.
std::vector<SourcePosition> LocateInJson(std::string_view text,
                                         const std::vector<std::string>& pointers);
// Pointers of object members that repeat a key of their object, in well-formed JSON.
std::vector<std::string> FindDuplicateKeysInJson(std::string_view text);

}  // namespace icopilot::spec
