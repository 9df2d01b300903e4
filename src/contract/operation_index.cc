#include "contract/operation_index.h"

#include <algorithm>
#include <cctype>

#include <boost/url/parse.hpp>

#include "core/strings.h"

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

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A segment mixing text and parameters ("{base}...{head}", "{id}.{format}",
// "report.{format}"): the text must appear in order; each parameter takes what lies
// between (the last one the rest).
bool MatchMixedSegment(std::string_view pattern, std::string_view actual,
                       std::vector<std::pair<std::string, std::string>>& params) {
  std::size_t at = 0;  // in actual
  std::size_t p = 0;   // in pattern
  while (p < pattern.size()) {
    std::size_t open = pattern.find('{', p);
    std::string_view literal =
        pattern.substr(p, open == std::string_view::npos ? std::string_view::npos : open - p);
    if (!actual.substr(at).starts_with(literal)) return false;
    at += literal.size();
    if (open == std::string_view::npos) return at == actual.size();
    std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) return false;
    std::string name(pattern.substr(open + 1, close - open - 1));
    p = close + 1;
    std::size_t next_open = pattern.find('{', p);
    std::string_view next_literal = pattern.substr(
        p, next_open == std::string_view::npos ? std::string_view::npos : next_open - p);
    std::size_t end;
    if (next_literal.empty()) {
      if (next_open != std::string_view::npos) return false;  // two parameters back to back
      end = actual.size();
    } else if (next_open == std::string_view::npos) {
      // the last literal ends the segment: the value is everything before it
      if (actual.size() < at + next_literal.size() || !actual.ends_with(next_literal)) return false;
      end = actual.size() - next_literal.size();
    } else {
      end = actual.find(next_literal, at);
      if (end == std::string_view::npos) return false;
    }
    if (end == at) return false;  // a parameter takes at least one character
    params.emplace_back(std::move(name), PercentDecode(actual.substr(at, end - at)));
    at = end;
  }
  return at == actual.size();
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
    // Some converted specs put a fragment or a fixed query in the path
    // (`/channels/{arn}#x-amz-chime-bearer`, `/x?action=list`): clients send neither.
    std::string_view template_path = op.path;
    template_path = template_path.substr(0, template_path.find_first_of("#?"));
    std::vector<std::string> segments;
    for (std::string_view s : Segments(template_path)) segments.emplace_back(s);
    // Templates are the same when they differ only in parameter names:
    // `/pets/{id}` and `/pets/{petId}`, not `/x/{a}` and `/x/{a}:run`.
    auto shape = [](const std::string& segment) {
      std::string out;
      bool in_param = false;
      for (char c : segment) {
        if (c == '{') {
          in_param = true;
          out += "{}";
        } else if (c == '}') {
          in_param = false;
        } else if (!in_param) {
          out += c;
        }
      }
      return out;
    };
    auto same = std::find_if(templates_.begin(), templates_.end(), [&](const Template& t) {
      if (t.segments.size() != segments.size()) return false;
      for (std::size_t k = 0; k < segments.size(); ++k) {
        if (shape(t.segments[k]) != shape(segments[k])) return false;
      }
      return true;
    });
    if (same == templates_.end()) {
      Template t;
      t.segments = segments;
      // Pure literals weigh most, segments mixing text and a parameter next, so
      // `/x/{a}:run` is tried before `/x/{a}`.
      for (const auto& s : segments) {
        bool pure_param = s.size() > 2 && s.front() == '{' && s.back() == '}' &&
                          s.find('{', 1) == std::string::npos;
        t.literals += s.find('{') == std::string::npos ? 2 : (pure_param ? 0 : 1);
      }
      templates_.push_back(std::move(t));
      same = templates_.end() - 1;
    }
    Template::Entry entry{std::string(spec::MethodName(op.method)), i, segments, {}, {}};
    // The fixed part after the path: `#Name=value` is a header, `?name=value` a query
    // parameter, several joined by '&'.
    if (std::size_t cut = op.path.find_first_of("#?"); cut != std::string::npos) {
      auto& into = op.path[cut] == '#' ? entry.headers : entry.query;
      for (std::string_view pair : Split(std::string_view(op.path).substr(cut + 1), '&')) {
        std::size_t eq = pair.find('=');
        if (!pair.empty()) {
          into.emplace_back(std::string(pair.substr(0, eq)),
                            eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1)));
        }
      }
    }
    same->methods.push_back(std::move(entry));
  }
  // Most literal segments first, so `/pets/mine` is tried before `/pets/{id}`.
  std::stable_sort(templates_.begin(), templates_.end(),
                   [](const Template& a, const Template& b) { return a.literals > b.literals; });
}

RouteMatch OperationIndex::Match(std::string_view method, std::string_view path,
                                 std::string_view query, const net::Headers* headers) const {
  // Whether the request carries the fixed query parameters and headers an entry names
  // (an empty value only asks for presence).
  auto satisfies = [&](const Template::Entry& entry) {
    for (const auto& [name, value] : entry.headers) {
      auto sent = headers != nullptr ? headers->Find(name) : std::nullopt;
      if (!sent || (!value.empty() && *sent != value)) return false;
    }
    for (const auto& [name, value] : entry.query) {
      bool found = false;
      for (std::string_view pair : Split(query, '&')) {
        std::size_t eq = pair.find('=');
        if (PercentDecode(pair.substr(0, eq)) != name) continue;
        if (value.empty() ||
            (eq != std::string_view::npos && PercentDecode(pair.substr(eq + 1)) == value))
          found = true;
      }
      if (!found) return false;
    }
    return true;
  };
  RouteMatch result;
  if (!base_path_.empty()) {
    if (!path.starts_with(base_path_)) return result;
    path.remove_prefix(base_path_.size());
    if (!path.empty() && path.front() != '/') return result;
  }
  const std::vector<std::string_view> segments = Segments(path);
  // The path's parameters as `names` (a template's segments) call them; false when the
  // path does not fit.
  auto bind = [&](const std::vector<std::string>& names,
                  std::vector<std::pair<std::string, std::string>>& params) {
    for (std::size_t k = 0; k < segments.size(); ++k) {
      const std::string& s = names[k];
      if (s.size() > 2 && s.front() == '{' && s.back() == '}' &&
          s.find('{', 1) == std::string::npos) {
        params.emplace_back(s.substr(1, s.size() - 2), PercentDecode(segments[k]));
      } else if (s.find('{') != std::string::npos) {
        if (!MatchMixedSegment(s, segments[k], params)) return false;
      } else if (PercentDecode(segments[k]) != s) {
        return false;
      }
    }
    return true;
  };
  const std::string wanted = ToLower(method);
  for (const Template& t : templates_) {
    if (t.segments.size() != segments.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    if (!bind(t.segments, params)) continue;
    // HEAD is answered like GET when the spec does not document it.
    for (std::string_view candidate :
         {std::string_view(wanted), std::string_view(wanted == "head" ? "get" : "")}) {
      const Template::Entry* chosen = nullptr;
      for (const auto& entry : t.methods) {
        if (candidate.empty() || entry.method != candidate) continue;
        if (chosen == nullptr) chosen = &entry;  // when none fits, the first: its checks say why
        if (satisfies(entry)) {
          chosen = &entry;
          break;
        }
      }
      if (chosen != nullptr) {
        result.kind = RouteMatch::kFound;
        result.operation = chosen->operation;
        // Named as the chosen operation's own path names them (Google's specs give one
        // path `/v1/{name}/connections` for PATCH and `/v1/{parent}/connections` for GET).
        params.clear();
        bind(chosen->segments, params);
        result.path_params = std::move(params);
        result.allowed_methods.clear();
        return result;
      }
    }
    if (result.kind == RouteMatch::kNoPath) {
      result.kind = RouteMatch::kWrongMethod;
      for (const auto& entry : t.methods) {
        std::string upper = Upper(entry.method);
        if (std::find(result.allowed_methods.begin(), result.allowed_methods.end(), upper) ==
            result.allowed_methods.end()) {
          result.allowed_methods.push_back(upper);
        }
      }
    }
  }
  return result;
}

std::vector<std::string> OperationIndex::MethodsAt(std::string_view path) const {
  // No operation has an empty method: the match reports every method of the path.
  return Match("", path).allowed_methods;
}

}  // namespace icopilot::contract
