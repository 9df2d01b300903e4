#include "net/router.h"

#include <boost/url/pct_string_view.hpp>

#include <optional>

namespace icopilot::net {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = path.starts_with('/') ? 1 : 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

std::optional<std::string> Decode(std::string_view segment) {
  auto encoded = boost::urls::make_pct_string_view(segment);
  if (!encoded) return std::nullopt;
  return encoded->decode();
}

}  // namespace

void Router::Add(std::string method, std::string path_template, RouteHandler handler) {
  Route route{std::move(method), std::move(path_template), {}, std::move(handler)};
  for (std::string_view part : SplitPath(route.path_template)) {
    bool is_param = part.size() > 2 && part.front() == '{' && part.back() == '}';
    route.segments.push_back({std::string(is_param ? part.substr(1, part.size() - 2) : part), is_param});
  }
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  std::vector<std::string_view> parts = SplitPath(path);
  std::vector<std::optional<std::string>> decoded;
  decoded.reserve(parts.size());
  for (std::string_view part : parts) decoded.push_back(Decode(part));

  // Specificity: the route whose first template segment comes latest wins.
  auto specificity = [](const Route& route) {
    std::size_t score = 0;
    for (const Segment& segment : route.segments) {
      score = score * 2 + (segment.is_param ? 0 : 1);
    }
    return score;
  };

  const Route* best_path = nullptr;
  Match match;
  for (const Route& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    bool fits = true;
    for (std::size_t i = 0; i < parts.size() && fits; ++i) {
      const Segment& segment = route.segments[i];
      if (!decoded[i]) fits = false;
      else if (segment.is_param) fits = !decoded[i]->empty();
      else fits = *decoded[i] == segment.text;
    }
    if (!fits) continue;
    if (best_path == nullptr || specificity(route) > specificity(*best_path)) {
      best_path = &route;
    }
  }
  if (best_path == nullptr) return match;

  match.route = best_path->path_template;
  for (const Route& route : routes_) {
    if (route.path_template != best_path->path_template) continue;
    match.allowed.push_back(route.method);
    if (route.method != method) continue;
    match.kind = Match::Kind::kFound;
    match.handler = &route.handler;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (route.segments[i].is_param) match.params.emplace_back(route.segments[i].text, *decoded[i]);
    }
  }
  if (match.kind != Match::Kind::kFound) match.kind = Match::Kind::kMethodNotAllowed;
  return match;
}

}  // namespace icopilot::net
