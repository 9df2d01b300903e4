#include "spec/spec_files.h"

#include <deque>
#include <fstream>
#include <set>
#include <sstream>

#include "core/json_pointer.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::spec {
namespace {

// One walk that finds the pointer of each wanted value.
void PointersOf(const boost::json::value& value, std::string& path,
                const std::map<const boost::json::value*, std::vector<Diagnostic*>>& wanted,
                std::size_t& found) {
  if (found == wanted.size()) return;
  if (auto it = wanted.find(&value); it != wanted.end()) {
    for (Diagnostic* diagnostic : it->second) diagnostic->pointer = path + "/$ref";
    ++found;
  }
  if (const auto* object = value.if_object()) {
    for (const auto& member : *object) {
      if (!member.value().is_structured()) continue;
      std::size_t saved = path.size();
      AppendPointerToken(path, member.key());
      PointersOf(member.value(), path, wanted, found);
      path.resize(saved);
    }
  } else if (const auto* array = value.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (!(*array)[i].is_structured()) continue;
      std::size_t saved = path.size();
      AppendPointerToken(path, std::to_string(i));
      PointersOf((*array)[i], path, wanted, found);
      path.resize(saved);
    }
  }
}

bool IsRemote(std::string_view ref) {
  return ref.starts_with("http://") || ref.starts_with("https://");
}

absl::Status CheckReadable(const std::filesystem::path& path, std::size_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return absl::NotFoundError(StrCat("cannot read ", path.string(), ": ", ec.message()));
  if (size > max_bytes) {
    return absl::InvalidArgumentError(
        StrCat(path.string(), " is ", size, " bytes; the limit is ", max_bytes));
  }
  return absl::OkStatus();
}

std::string FileKey(const std::filesystem::path& path) {
  std::error_code ec;
  auto canonical = std::filesystem::weakly_canonical(path, ec);
  return (ec ? path : canonical).lexically_normal().string();
}

// The key of the document `file_part` names, seen from `from`: a URL as written, a URL
// relative to a remote document, or a normalized local path.
std::string TargetKey(std::string_view from, std::string_view file_part) {
  if (IsRemote(file_part)) return std::string(file_part);
  if (IsRemote(from)) {
    std::string base(from.substr(0, from.rfind('/') + 1));
    return base + std::string(file_part);
  }
  return FileKey(std::filesystem::path(from).parent_path() / PercentDecode(file_part));
}

}  // namespace

absl::StatusOr<std::unique_ptr<SpecFiles>> SpecFiles::Load(const std::filesystem::path& path,
                                                           const LoadOptions& options,
                                                           Diagnostics& diagnostics) {
  RETURN_IF_ERROR(CheckReadable(path, options.max_file_bytes));
  std::unique_ptr<SpecFiles> files(new SpecFiles());
  files->root_file_ = FileKey(path);
  auto parsed = SourceDocument::Read(files->root_file_, path, options.limits, diagnostics);
  if (!parsed.ok())
    return absl::InvalidArgumentError(StrCat(path.string(), ": ", parsed.status().message()));
  files->documents_[files->root_file_] = std::move(*parsed);
  files->LoadReferenced(options, diagnostics);
  return files;
}

absl::StatusOr<std::unique_ptr<SpecFiles>> SpecFiles::FromText(std::string name, std::string text,
                                                               const LoadOptions& options,
                                                               Diagnostics& diagnostics) {
  if (text.size() > options.max_file_bytes) {
    return absl::InvalidArgumentError(
        StrCat(name, " is ", text.size(), " bytes; the limit is ", options.max_file_bytes));
  }
  std::unique_ptr<SpecFiles> files(new SpecFiles());
  files->root_file_ = name;
  auto parsed = SourceDocument::Parse(name, std::move(text), options.limits, diagnostics);
  if (!parsed.ok())
    return absl::InvalidArgumentError(StrCat(name, ": ", parsed.status().message()));
  files->documents_[name] = std::move(*parsed);
  files->LoadReferenced(options, diagnostics);
  return files;
}

void SpecFiles::LoadReferenced(const LoadOptions& options, Diagnostics& diagnostics) {
  // Big specs repeat the same few thousand refs tens of thousands of times: each distinct
  // ref of a document is followed once, and the places it is written are looked for only
  // when it is wrong (the rule and message of each, by document and ref).
  std::map<std::string, std::map<std::string_view, std::pair<std::string, std::string>>> wrong;
  std::deque<std::string> pending{root_file_};
  std::set<std::string> scanned;
  const bool on_disk = std::filesystem::exists(root_file_);
  while (!pending.empty()) {
    std::string file = pending.front();
    pending.pop_front();
    if (!scanned.insert(file).second) continue;
    const SourceDocument& document = *documents_.at(file);
    for (const std::string& ref : document.refs()) {
      auto report = [&](std::string rule, std::string message) {
        wrong[file][ref] = {std::move(rule), std::move(message)};
      };
      std::string_view file_part = std::string_view(ref).substr(0, ref.find('#'));
      if (file_part.empty()) continue;
      const bool remote = IsRemote(file_part) || IsRemote(file);
      if (remote && (!options.allow_remote_refs || !options.fetch)) {
        report("remote-ref",
               StrCat("'", ref, "' is a remote $ref; remote documents are not fetched",
                      options.allow_remote_refs ? " here" : " without --allow-remote-refs"));
        continue;
      }
      if (!remote && !on_disk) {
        report("unresolved-ref",
               StrCat("'", ref, "' names another file, and this document was not read from disk"));
        continue;
      }
      std::string target = TargetKey(file, file_part);
      if (documents_.contains(target)) {
        pending.push_back(target);
        continue;
      }
      absl::StatusOr<std::unique_ptr<SourceDocument>> parsed = absl::UnknownError("");
      if (remote) {
        auto text = options.fetch(target);
        if (text.ok() && text->size() > options.max_file_bytes) {
          text = absl::InvalidArgumentError(StrCat(
              target, " is ", text->size(), " bytes; the limit is ", options.max_file_bytes));
        }
        if (!text.ok()) {
          report("unresolved-ref", StrCat("'", ref, "': ", text.status().message()));
          continue;
        }
        parsed = SourceDocument::Parse(target, std::move(*text), options.limits, diagnostics);
      } else {
        if (absl::Status readable = CheckReadable(target, options.max_file_bytes); !readable.ok()) {
          report("unresolved-ref", StrCat("'", ref, "': ", readable.message()));
          continue;
        }
        parsed = SourceDocument::Read(target, target, options.limits, diagnostics);
      }
      if (!parsed.ok()) {
        report("unparsable-ref-target",
               StrCat("'", ref, "': ", target, ": ", parsed.status().message()));
        continue;
      }
      documents_[target] = std::move(*parsed);
      pending.push_back(target);
    }
  }
  // Every $ref must lead somewhere; chains of $ref-only objects must end.
  for (const auto& [file, document] : documents_) {
    auto& wrong_here = wrong[file];
    for (const std::string& ref : document->refs()) {
      if (wrong_here.contains(ref)) continue;  // its file could not be loaded
      if (!ResolveOnce(*document, ref)) {
        wrong_here[ref] = {"unresolved-ref", StrCat("'", ref, "' points at nothing")};
      } else if (!Resolve(*document, ref)) {
        wrong_here[ref] = {
            "ref-cycle", StrCat("'", ref, "' starts a chain of $refs that never reaches a value")};
      }
    }
  }
  // One diagnostic per place a wrong ref is written, with its pointer: one walk per
  // document that has some.
  for (const auto& [file, refs] : wrong) {
    if (refs.empty()) continue;
    const boost::json::value& root = documents_.at(file)->root();
    std::map<const boost::json::value*, std::vector<std::size_t>> sites;  // holder: diagnostics
    for (const RefSite& site : FindRefSites(root)) {
      auto it = refs.find(site.ref);
      if (it == refs.end()) continue;
      diagnostics.Add(it->second.first, Severity::kError, it->second.second, file, "");
      sites[site.holder].push_back(diagnostics.items().size() - 1);
    }
    std::map<const boost::json::value*, std::vector<Diagnostic*>> wanted;
    for (const auto& [holder, indexes] : sites) {
      for (std::size_t index : indexes) wanted[holder].push_back(&diagnostics.items()[index]);
    }
    std::string path;
    std::size_t found = 0;
    PointersOf(root, path, wanted, found);
  }
}

std::optional<SpecFiles::Target> SpecFiles::ResolveOnce(const SourceDocument& from,
                                                        std::string_view ref) const {
  std::size_t hash = ref.find('#');
  std::string_view file_part = ref.substr(0, hash);
  std::string pointer = hash == std::string_view::npos ? "" : PercentDecode(ref.substr(hash + 1));
  const SourceDocument* document = &from;
  if (!file_part.empty()) {
    auto it = documents_.find(TargetKey(from.file(), file_part));
    if (it == documents_.end()) return std::nullopt;
    document = it->second.get();
  }
  const boost::json::value* value = FindByPointer(document->root(), pointer);
  if (value == nullptr) return std::nullopt;
  return Target{document, value, pointer};
}

std::optional<SpecFiles::Target> SpecFiles::Resolve(const SourceDocument& from,
                                                    std::string_view ref) const {
  auto target = ResolveOnce(from, ref);
  std::set<std::pair<const SourceDocument*, std::string>> seen;
  while (target) {
    const auto* object = target->value->if_object();
    auto next = object != nullptr ? object->find("$ref") : nullptr;
    if (object == nullptr || next == object->end() || !next->value().is_string()) return target;
    if (!seen.emplace(target->document, target->pointer).second) return std::nullopt;  // a cycle
    target = ResolveOnce(*target->document, next->value().as_string());
  }
  return std::nullopt;
}

void SpecFiles::Place(Diagnostics& diagnostics) const {
  std::map<std::string, std::vector<Diagnostic*>> by_file;
  for (Diagnostic& diagnostic : diagnostics.items())
    by_file[diagnostic.file].push_back(&diagnostic);
  for (auto& [file, list] : by_file) {
    auto it = documents_.find(file);
    if (it == documents_.end()) continue;
    std::vector<std::string> pointers;
    for (const Diagnostic* diagnostic : list) pointers.push_back(diagnostic->pointer);
    std::vector<SourcePosition> positions = it->second->Locate(pointers);
    for (std::size_t i = 0; i < list.size() && i < positions.size(); ++i) {
      list[i]->line = positions[i].line;
      list[i]->column = positions[i].column;
    }
  }
}

}  // namespace icopilot::spec
