#include "spec/source_document.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>

#include <boost/json/parse.hpp>
#include <fcntl.h>
#include <libfyaml.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/isolated.h"
#include "core/json.h"
#include "core/json_pointer.h"
#include "core/json_split.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::spec {

// The libfyaml document, kept to place diagnostics.
class SourceDocument::YamlTree {
 public:
  explicit YamlTree(fy_document* document) : document_(document) {}
  ~YamlTree() { fy_document_destroy(document_); }
  YamlTree(const YamlTree&) = delete;
  YamlTree& operator=(const YamlTree&) = delete;
  fy_node* root() const { return fy_document_root(document_); }

 private:
  fy_document* document_;
};

namespace {

SourcePosition MarkOf(fy_token* token) {
  if (token == nullptr) return {};
  const fy_mark* mark = fy_token_start_mark(token);
  return mark == nullptr ? SourcePosition{} : SourcePosition{mark->line + 1, mark->column + 1};
}

fy_node* Resolve(fy_node* node) {
  for (int hops = 0; node != nullptr && fy_node_is_alias(node) && hops < 64; ++hops)
    node = fy_node_resolve_alias(node);
  return node;
}

std::string ScalarText(fy_node* node) {
  std::size_t length = 0;
  const char* text = fy_node_get_scalar(node, &length);
  return text == nullptr ? std::string() : std::string(text, length);
}

// Where a node starts: its token for a scalar, its first key or item otherwise.
SourcePosition NodePosition(fy_node* node, int depth = 0) {
  node = Resolve(node);
  if (node == nullptr || depth > 64) return {};
  switch (fy_node_get_type(node)) {
    case FYNT_SCALAR:
      return MarkOf(fy_node_get_scalar_token(node));
    case FYNT_MAPPING: {
      fy_node_pair* pair = fy_node_mapping_get_by_index(node, 0);
      return pair == nullptr ? SourcePosition{} : NodePosition(fy_node_pair_key(pair), depth + 1);
    }
    case FYNT_SEQUENCE:
      return NodePosition(fy_node_sequence_get_by_index(node, 0), depth + 1);
  }
  return {};
}

SourcePosition LocateInYaml(fy_node* root, std::string_view pointer) {
  std::vector<std::string> tokens;
  if (!SplitPointer(pointer, tokens)) return {};
  fy_node* node = Resolve(root);
  for (std::size_t i = 0; i < tokens.size() && node != nullptr; ++i) {
    const bool last = i + 1 == tokens.size();
    if (fy_node_get_type(node) == FYNT_MAPPING) {
      fy_node_pair* match = nullptr;
      void* iterator = nullptr;
      while (fy_node_pair* pair = fy_node_mapping_iterate(node, &iterator)) {
        fy_node* key = Resolve(fy_node_pair_key(pair));
        if (key != nullptr && fy_node_get_type(key) == FYNT_SCALAR && ScalarText(key) == tokens[i])
          match = pair;
      }
      if (match == nullptr) return {};
      if (last) return NodePosition(fy_node_pair_key(match));
      node = Resolve(fy_node_pair_value(match));
    } else if (fy_node_get_type(node) == FYNT_SEQUENCE) {
      int index = -1;
      std::from_chars(tokens[i].data(), tokens[i].data() + tokens[i].size(), index);
      node = index < 0 ? nullptr : Resolve(fy_node_sequence_get_by_index(node, index));
      if (last) return NodePosition(node);
    } else {
      return {};
    }
  }
  return tokens.empty() ? NodePosition(node) : SourcePosition{};
}

bool IsPlainInteger(std::string_view text, std::int64_t& value) {
  // YAML 1.2 core schema: 0o17 and 0x1F are integers too.
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o')) {
    int base = text[1] == 'x' ? 16 : 8;
    auto [end, ec] = std::from_chars(text.data() + 2, text.data() + text.size(), value, base);
    return ec == std::errc() && end == text.data() + text.size();
  }
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
  if (digits.empty()) return false;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  std::string_view parse = text[0] == '+' ? text.substr(1) : text;
  auto [end, ec] = std::from_chars(parse.data(), parse.data() + parse.size(), value);
  return ec == std::errc() && end == parse.data() + parse.size();
}

bool IsPlainFloat(std::string_view text, double& value) {
  if (text == ".inf" || text == ".Inf" || text == ".INF" || text == "+.inf")
    return (value = HUGE_VAL), true;
  if (text == "-.inf" || text == "-.Inf" || text == "-.INF") return (value = -HUGE_VAL), true;
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return (value = std::nan("")), true;
  bool digit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (std::string_view("+-.eE").find(c) == std::string_view::npos)
      return false;
  }
  if (!digit) return false;
  std::string_view parse = text[0] == '+' ? text.substr(1) : text;
  auto [end, ec] = std::from_chars(parse.data(), parse.data() + parse.size(), value);
  return ec == std::errc() && end == parse.data() + parse.size();
}

// YAML 1.2 core schema for plain scalars; anything quoted or tagged !!str is a string.
boost::json::value ScalarValue(fy_node* node) {
  std::string text = ScalarText(node);
  std::size_t tag_length = 0;
  const char* tag = fy_node_get_tag(node, &tag_length);
  bool plain = fy_node_get_style(node) == FYNS_PLAIN;
  if (tag != nullptr && std::string_view(tag, tag_length).ends_with("str")) plain = false;
  if (!plain) return boost::json::value(text);
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
    return nullptr;
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  std::int64_t integer = 0;
  if (IsPlainInteger(text, integer)) return integer;
  double number = 0;
  if (IsPlainFloat(text, number) && std::isfinite(number)) return number;
  return boost::json::value(text);
}

// A YAML text of n bytes holds at most about n / 4 values written out; aliases may repeat
// some of them. A document that expands past this many values per byte of its text is
// hostile (a "billion laughs"), whatever the absolute limit: it is refused as soon as it
// gets there, before it can take memory a hundred times its size.
constexpr std::size_t kMaxValuesPerByte = 25;
constexpr std::size_t kMinValueBudget = 100'000;

class YamlConverter {
 public:
  YamlConverter(const std::string& file, std::size_t text_bytes, const ParseLimits& limits,
                Diagnostics& diagnostics)
      : file_(file),
        limits_(limits),
        max_values_(
            std::min(limits.max_values, std::max(kMinValueBudget, text_bytes * kMaxValuesPerByte))),
        max_scalar_bytes_(std::max(kMinValueBudget, text_bytes) * kMaxValuesPerByte),
        diagnostics_(diagnostics) {}

  absl::StatusOr<boost::json::value> Convert(fy_node* node, std::string& path, std::size_t depth) {
    node = Resolve(node);
    if (node == nullptr) return boost::json::value(nullptr);
    if (++values_ > max_values_) {
      return Fail(node, StrCat("the document expands to more than ", max_values_,
                               " values (YAML aliases repeating content?)"));
    }
    if (depth > limits_.max_depth)
      return Fail(node, StrCat("nesting deeper than ", limits_.max_depth));
    switch (fy_node_get_type(node)) {
      case FYNT_SCALAR: {
        // Aliases of one long string repeat its bytes, not its values.
        std::size_t length = 0;
        (void)fy_node_get_scalar(node, &length);
        scalar_bytes_ += length;
        if (scalar_bytes_ > max_scalar_bytes_) {
          return Fail(node, StrCat("the document's strings expand to more than ", max_scalar_bytes_,
                                   " bytes (YAML aliases repeating content?)"));
        }
        return ScalarValue(node);
      }
      case FYNT_SEQUENCE: {
        boost::json::array array;
        void* iterator = nullptr;
        while (fy_node* item = fy_node_sequence_iterate(node, &iterator)) {
          std::size_t saved = path.size();
          path += '/' + std::to_string(array.size());
          auto value = Convert(item, path, depth + 1);
          path.resize(saved);
          if (!value.ok()) return value.status();
          array.push_back(std::move(*value));
        }
        return array;
      }
      case FYNT_MAPPING:
        return ConvertMapping(node, path, depth);
    }
    return boost::json::value(nullptr);
  }

 private:
  absl::StatusOr<boost::json::value> ConvertMapping(fy_node* node, std::string& path,
                                                    std::size_t depth) {
    boost::json::object object;
    void* iterator = nullptr;
    while (fy_node_pair* pair = fy_node_mapping_iterate(node, &iterator)) {
      fy_node* key_node = Resolve(fy_node_pair_key(pair));
      if (key_node == nullptr || fy_node_get_type(key_node) != FYNT_SCALAR) {
        return Fail(node, "a mapping key is not a plain value (JSON has string keys only)");
      }
      std::string key = ScalarText(key_node);
      std::size_t saved = path.size();
      path += '/' + EscapePointerToken(key);
      if (object.contains(key)) {
        diagnostics_.Add("duplicate-key", Severity::kWarning,
                         StrCat("key '", key, "' appears twice; the last one wins"), file_, path);
      }
      auto value = Convert(fy_node_pair_value(pair), path, depth + 1);
      path.resize(saved);
      if (!value.ok()) return value.status();
      object[key] = std::move(*value);
    }
    return object;
  }

  absl::Status Fail(fy_node* node, std::string message) {
    SourcePosition at = NodePosition(node);
    return absl::InvalidArgumentError(
        StrCat("line ", at.line, ", column ", at.column, ": ", message));
  }

  const std::string& file_;
  const ParseLimits& limits_;
  const std::size_t max_values_;
  const std::size_t max_scalar_bytes_;
  Diagnostics& diagnostics_;
  std::size_t values_ = 0;
  std::size_t scalar_bytes_ = 0;
};

// libfyaml prints its errors through the diag output function, as
// "<file>:<line>:<column>: error: <message>"; keep the first one.
void CollectYamlError(fy_diag*, void* user, const char* text, std::size_t length) {
  auto* first = static_cast<std::string*>(user);
  if (first->empty()) first->assign(text, length);
}

std::string YamlErrorMessage(std::string raw) {
  while (!raw.empty() && (raw.back() == '\n' || raw.back() == ' ')) raw.pop_back();
  if (std::size_t newline = raw.find('\n'); newline != std::string::npos) raw.resize(newline);
  // "<input>:3:7: error: message" -> "line 3, column 7: message"
  int line = 0, column = 0;
  std::size_t error = raw.find(": error: ");
  if (error != std::string::npos &&
      std::sscanf(raw.c_str(), "%*[^:]:%d:%d:", &line, &column) == 2) {
    return StrCat("line ", line, ", column ", column, ": ", raw.substr(error + 9));
  }
  return raw.empty() ? "not valid YAML" : raw;
}

// libfyaml's document tree of `text`; nullptr with the first error in `first_error`.
fy_document* BuildYaml(const std::string& text, std::string& first_error) {
  fy_diag_cfg diag_config;
  fy_diag_cfg_default(&diag_config);
  diag_config.fp = nullptr;
  diag_config.output_fn = &CollectYamlError;
  diag_config.user = &first_error;
  diag_config.colorize = false;
  diag_config.show_source = false;
  std::unique_ptr<fy_diag, decltype(&fy_diag_destroy)> diag(fy_diag_create(&diag_config),
                                                            &fy_diag_destroy);
  fy_parse_cfg config{};
  config.flags = static_cast<fy_parse_cfg_flags>(FYPCF_ALLOW_DUPLICATE_KEYS);
  config.diag = diag.get();
  return fy_document_build_from_string(&config, text.data(), text.size());
}

// A YAML parse of the largest file allowed (100 MiB) takes a few seconds.
constexpr std::chrono::seconds kYamlCheckTimeout{60};

bool LooksLikeJson(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

// Only when the parser counted repeated keys: one more pass finds where they are.
void ReportDuplicateKeys(std::string_view text, const std::string& file, Diagnostics& diagnostics) {
  for (const std::string& pointer : FindDuplicateKeysInJson(text)) {
    std::vector<std::string> tokens;
    SplitPointer(pointer, tokens);
    diagnostics.Add(
        "duplicate-key", Severity::kWarning,
        StrCat("key '", tokens.empty() ? "" : tokens.back(), "' appears twice; the last one wins"),
        file, pointer);
  }
}

// What the parsed DOM of a JSON text of `text_bytes` takes, measured on GitHub's
// description; the arena grows past it when a document is denser.
std::size_t ExpectedDomBytes(std::uintmax_t text_bytes) {
  return static_cast<std::size_t>(text_bytes) * 3 / 2;
}

// The $refs are what SpecFiles follows: noted while parsing.
constexpr std::string_view kRefKey = "$ref";

// From this size on, a JSON text is parsed on two threads (GitHub's 13 MB description:
// 9.6 -> ~6 ms); below it, starting a thread costs about what it saves.
constexpr std::size_t kTwoThreadsFrom = std::size_t{1} << 20;

}  // namespace

std::vector<RefSite> FindRefSites(const boost::json::value& root) {
  std::vector<RefSite> sites;
  std::vector<const boost::json::value*> pending{&root};
  while (!pending.empty()) {
    const boost::json::value* value = pending.back();
    pending.pop_back();
    if (const auto* object = value->if_object()) {
      auto ref = object->find("$ref");
      if (ref != object->end() && ref->value().is_string()) {
        const auto& text = ref->value().as_string();
        sites.push_back({value, std::string_view(text.data(), text.size())});
      }
      for (auto it = object->rbegin(); it != object->rend(); ++it) {
        if (it->value().is_structured()) pending.push_back(&it->value());
      }
    } else if (const auto* array = value->if_array()) {
      for (auto it = array->rbegin(); it != array->rend(); ++it) {
        if (it->is_structured()) pending.push_back(&*it);
      }
    }
  }
  return sites;
}

SourceDocument::~SourceDocument() = default;

void SourceDocument::AdoptArenaRoot(boost::json::value&& root) {
  // Placed in the arena and never destroyed: the arena takes the whole tree back to the
  // kernel at once, so a destructor walking it would only spend time (3 ms on GitHub's
  // description). Moving (not assigning) takes the tree as it is, storage and all.
  void* place = arena_->allocate(sizeof(boost::json::value), alignof(boost::json::value));
  root_ = ::new (place) boost::json::value(std::move(root));
  // Read by many threads from here on (runner workers, mock handlers): see Seal.
  arena_->Seal();
  if (second_arena_) second_arena_->Seal();
}

absl::StatusOr<std::unique_ptr<SourceDocument>> SourceDocument::Parse(std::string file,
                                                                      std::string text,
                                                                      const ParseLimits& limits,
                                                                      Diagnostics& diagnostics,
                                                                      bool on_disk) {
  std::unique_ptr<SourceDocument> document(new SourceDocument());
  document->file_ = std::move(file);
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // a UTF-8 byte order mark
  std::size_t bad = 0;
  if (!IsValidUtf8(text, &bad) || text.find('\0') != std::string::npos) {
    if (text.find('\0') != std::string::npos)
      bad = std::min(bad == 0 ? text.size() : bad, text.find('\0'));
    return absl::InvalidArgumentError(StrCat("byte ", bad, ": not UTF-8 text (binary file?)"));
  }
  document->text_ = std::move(text);
  if (LooksLikeJson(document->text_)) {
    document->format_ = SourceFormat::kJson;
    RETURN_IF_ERROR(document->ParseJsonText(JsonText(document->text_), limits, diagnostics));
    if (on_disk) {
      std::string().swap(document->text_);
      document->text_dropped_ = true;
    }
    return document;
  }

  document->format_ = SourceFormat::kYaml;
  // libfyaml 0.7.12 can crash while cleaning up after some parse errors (decision 0009):
  // the text is parsed in a child process first, and here only when it parsed there (the
  // same parse of the same text takes the same path).
  if (!limits.yaml_checked_before) {
    // A child stuck past this is forked again; a big document may take that long to parse
    // (under the sanitizers a few MB take seconds), so it grows with the text.
    IsolatedStart start;
    start.stall = std::chrono::seconds(10) +
                  std::chrono::seconds(5) * static_cast<int>(document->text_.size() >> 20);
    auto checked = RunIsolated(
        [&document](std::string& error) {
          fy_document* built = BuildYaml(document->text_, error);
          if (built == nullptr) return 1;
          fy_document_destroy(built);
          return 0;
        },
        kYamlCheckTimeout, start);
    if (!checked.ok()) {
      return absl::InvalidArgumentError(StrCat(
          "not usable YAML: reading it, the YAML library (libfyaml) ", checked.status().message()));
    }
    if (checked->code != 0) return absl::InvalidArgumentError(YamlErrorMessage(checked->output));
  }
  std::string first_error;
  fy_document* raw = BuildYaml(document->text_, first_error);
  if (raw == nullptr) return absl::InvalidArgumentError(YamlErrorMessage(first_error));
  document->yaml_ = std::make_unique<YamlTree>(raw);
  if (fy_document_root(raw) == nullptr) return absl::InvalidArgumentError("the document is empty");
  std::string path;
  YamlConverter converter(document->file_, document->text_.size(), limits, diagnostics);
  auto converted = converter.Convert(document->yaml_->root(), path, 0);
  if (!converted.ok()) return converted.status();
  document->yaml_root_ = std::move(*converted);
  std::set<std::string_view> refs;
  for (const RefSite& site : FindRefSites(document->yaml_root_)) refs.insert(site.ref);
  document->refs_.assign(refs.begin(), refs.end());
  return document;
}

absl::Status SourceDocument::ParseJsonText(const JsonText& text, const ParseLimits& limits,
                                           Diagnostics& diagnostics) {
  std::optional<JsonSplit> split;
  if (text.size() >= kTwoThreadsFrom) split = GuessJsonSplit(text);
  const std::size_t head_bytes = split ? split->comma : text.size();
  arena_ = std::make_unique<JsonArena>(ExpectedDomBytes(head_bytes));
  second_arena_ =
      std::make_unique<JsonArena>(ExpectedDomBytes(text.size() - head_bytes), arena_.get());
  ASSIGN_OR_RETURN(ParsedJson parsed,
                   ParseJsonOnTwoThreads(text, split, {.max_depth = limits.max_depth}, kRefKey,
                                         *arena_, *second_arena_));
  refs_ = std::move(parsed.collected);
  // Rare, so finding where costs one more pass (and, for a file, one more read) only then.
  if (arena_->deallocations() + second_arena_->deallocations() > 0) {
    ASSIGN_OR_RETURN(std::string whole, text.Copy(0, text.size()));
    ReportDuplicateKeys(whole, file_, diagnostics);
  }
  AdoptArenaRoot(std::move(parsed.value));
  return absl::OkStatus();
}

namespace {

// How much of a file is looked at to tell JSON from YAML.
constexpr std::size_t kLookBytes = std::size_t{64} << 10;

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// An open file, closed when this goes.
class OpenFile {
 public:
  explicit OpenFile(const std::filesystem::path& path)
      : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~OpenFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SourceDocument>> SourceDocument::Read(
    std::string file, const std::filesystem::path& path, const ParseLimits& limits,
    Diagnostics& diagnostics) {
  OpenFile opened(path);
  struct stat status {};
  if (opened.fd() < 0 || ::fstat(opened.fd(), &status) != 0)
    return absl::NotFoundError(StrCat("cannot open ", path.string()));
  if (!S_ISREG(status.st_mode))  // a pipe or a device: no reading at offsets
    return Parse(std::move(file), ReadAll(path), limits, diagnostics, true);
  const auto size = static_cast<std::size_t>(status.st_size);
  ASSIGN_OR_RETURN(std::string start, JsonText(opened.fd(), 0, size).Copy(0, kLookBytes));
  const std::size_t bom = std::string_view(start).starts_with("\xEF\xBB\xBF") ? 3 : 0;
  if (!LooksLikeJson(std::string_view(start).substr(bom)))
    return Parse(std::move(file), ReadAll(path), limits, diagnostics, true);
  // JSON: the parser checks UTF-8 in strings and rejects stray bytes, so no separate
  // pass over the text is needed.
  std::unique_ptr<SourceDocument> document(new SourceDocument());
  document->file_ = std::move(file);
  document->format_ = SourceFormat::kJson;
  document->text_dropped_ = true;
  RETURN_IF_ERROR(
      document->ParseJsonText(JsonText(opened.fd(), bom, size - bom), limits, diagnostics));
  return document;
}

std::vector<SourcePosition> SourceDocument::Locate(const std::vector<std::string>& pointers) const {
  if (format_ == SourceFormat::kJson && text_dropped_) {
    // Diagnostics are rare; reading the file again beats holding it all along. A file
    // changed since it was parsed only misplaces the positions.
    return LocateInJson(ReadAll(file_), pointers);
  }
  if (format_ == SourceFormat::kJson) return LocateInJson(text_, pointers);
  std::vector<SourcePosition> positions;
  positions.reserve(pointers.size());
  for (const std::string& pointer : pointers)
    positions.push_back(LocateInYaml(yaml_->root(), pointer));
  return positions;
}

}  // namespace icopilot::spec
