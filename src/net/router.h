// Maps method + path to a handler. Templates use `{name}` segments; a literal segment
// wins over a template segment at the same position, so `/projects/archived` beats
// `/projects/{id}`.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http.h"

namespace icopilot::net {

using RouteHandler = std::function<Response(Request&)>;

class Router {
 public:
  struct Match {
    enum class Kind { kFound, kMethodNotAllowed, kNotFound };
    Kind kind = Kind::kNotFound;
    const RouteHandler* handler = nullptr;
    std::string route;                 // the template matched
    std::vector<std::string> allowed;  // methods of the path, for 405 and OPTIONS
    std::vector<std::pair<std::string, std::string>> params;
  };

  // Not thread-safe: add every route before serving; Find is then safe from any thread.
  void Add(std::string method, std::string path_template, RouteHandler handler);

  // `path` is percent-encoded; parameters come back decoded. A segment that does not
  // decode (bad %-escape) matches no template.
  Match Find(std::string_view method, std::string_view path) const;

 private:
  struct Segment {
    std::string text;
    bool is_param = false;
  };
  struct Route {
    std::string method;
    std::string path_template;
    std::vector<Segment> segments;
    RouteHandler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace icopilot::net
