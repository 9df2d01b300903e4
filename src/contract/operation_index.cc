#include "contract/operation_index.h"

#include <algorithm>
#include <cctype>

#include <boost/url/parse.hpp>

namespace icopilot::contract {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > start) out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string BasePathOf(std::string_view server_url) {
  std::string path;
  if (auto url = boost::urls::parse_uri_reference(server_url))
    path = std::string(url->encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

OperationIndex::OperationIndex(const spec::Spec& spec)
    : OperationIndex(spec,
                     spec.servers.empty() ? std::string() : BasePathOf(spec.servers.front())) {}

OperationIndex::OperationIndex(const spec::Spec& spec, std::string base_path)
    : base_path_(std::move(base_path)) {
  for (std::size_t i = 0; i < spec.operations.size(); ++i) {
    const spec::Operation& op = spec.operations[i];
    std::vector<std::string> segments;
    for (std::string_view s : Segments(op.path)) segments.emplace_back(s);
    auto same = std::find_if(templates_.begin(), templates_.end(), [&](const Template& t) {
      if (t.segments.size() != segments.size()) return false;
      for (std::size_t k = 0; k < segments.size(); ++k) {
        bool a = t.segments[k].starts_with("{"), b = segments[k].starts_with("{");
        if (a != b || (!a && t.segments[k] != segments[k])) return false;
      }
      return true;
    });
    if (same == templates_.end()) {
      Template t;
      t.segments = segments;
      t.literals =
          static_cast<int>(std::count_if(segments.begin(), segments.end(),
                                         [](const std::string& s) { return !s.starts_with("{"); }));
      templates_.push_back(std::move(t));
      same = templates_.end() - 1;
    }
    same->methods.emplace_back(Lower(op.method), i);
  }
  // Most literal segments first, so `/pets/mine` is tried before `/pets/{id}`.
  std::stable_sort(templates_.begin(), templates_.end(),
                   [](const Template& a, const Template& b) { return a.literals > b.literals; });
}

RouteMatch OperationIndex::Match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  if (!base_path_.empty()) {
    if (!path.starts_with(base_path_)) return result;
    path.remove_prefix(base_path_.size());
    if (!path.empty() && path.front() != '/') return result;
  }
  const std::vector<std::string_view> segments = Segments(path);
  const std::string wanted = Lower(method);
  for (const Template& t : templates_) {
    if (t.segments.size() != segments.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool fits = true;
    for (std::size_t k = 0; k < segments.size() && fits; ++k) {
      const std::string& s = t.segments[k];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
        params.emplace_back(s.substr(1, s.size() - 2), PercentDecode(segments[k]));
      } else if (s.find('{') != std::string::npos) {
        // A segment mixing text and a parameter ("{base}...{head}", "report.{format}"):
        // text before and after must match; the rest is the value.
        std::size_t open = s.find('{'), close = s.find('}', open);
        std::string_view prefix = std::string_view(s).substr(0, open);
        std::string_view suffix =
            close == std::string::npos ? "" : std::string_view(s).substr(close + 1);
        std::string_view actual = segments[k];
        fits = actual.size() >= prefix.size() + suffix.size() && actual.starts_with(prefix) &&
               actual.ends_with(suffix);
        if (fits && close != std::string::npos) {
          params.emplace_back(s.substr(open + 1, close - open - 1),
                              PercentDecode(actual.substr(
                                  prefix.size(), actual.size() - prefix.size() - suffix.size())));
        }
      } else {
        fits = PercentDecode(segments[k]) == s;
      }
    }
    if (!fits) continue;
    // HEAD is answered like GET when the spec does not document it.
    for (std::string_view candidate :
         {std::string_view(wanted), std::string_view(wanted == "head" ? "get" : "")}) {
      for (const auto& [m, operation] : t.methods) {
        if (candidate.empty() || m != candidate) continue;
        result.kind = RouteMatch::kFound;
        result.operation = operation;
        result.path_params = std::move(params);
        result.allowed_methods.clear();
        return result;
      }
    }
    if (result.kind == RouteMatch::kNoPath) {
      result.kind = RouteMatch::kWrongMethod;
      for (const auto& [m, operation] : t.methods) result.allowed_methods.push_back(Upper(m));
    }
  }
  return result;
}

}  // namespace icopilot::contract
