// Which operation of a spec a request is for: the method plus the path matched against
// the spec's path templates under the server's base path. Literal segments win over
// templated ones (`/pets/mine` before `/pets/{id}`); a path that exists under another
// method is told apart from one that does not exist at all (405 versus 404).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http.h"
#include "spec/model.h"

namespace icopilot::contract {

struct RouteMatch {
  enum Kind { kFound, kNoPath, kWrongMethod } kind = kNoPath;
  std::size_t operation = 0;  // index into Spec::operations when found
  std::vector<std::pair<std::string, std::string>> path_params;  // decoded values
  std::vector<std::string> allowed_methods;                      // for kWrongMethod, upper case
};

class OperationIndex {
 public:
  // `base_path` is stripped from request paths first ("/v1"); by default it is the path
  // of the spec's first server URL.
  explicit OperationIndex(const spec::Spec& spec);
  OperationIndex(const spec::Spec& spec, std::string base_path);

  // `path` is percent-encoded, without the query. `query` and `headers` pick among
  // operations that share a method and path and differ by a fixed query parameter or
  // header written into the path (`/?Action=AddTags`, `/#X-Amz-Target=Svc.Op`).
  RouteMatch Match(std::string_view method, std::string_view path, std::string_view query = {},
                   const net::Headers* headers = nullptr) const;

  // Every method documented at `path` (upper case), for Allow headers.
  std::vector<std::string> MethodsAt(std::string_view path) const;

  const std::string& base_path() const { return base_path_; }

 private:
  struct Template {
    std::vector<std::string> segments;  // literal text, or "{name}" for a parameter
    int literals = 0;
    struct Entry {
      std::string method;  // lower case
      std::size_t operation;
      std::vector<std::string> segments;  // its own path's: parameter names may differ
      // name=value pairs from the path's fragment (headers) or query (query parameters)
      std::vector<std::pair<std::string, std::string>> headers, query;
    };
    std::vector<Entry> methods;
  };
  std::string base_path_;
  std::vector<Template> templates_;
};

// "https://api.example.com/v1/" -> "/v1"; "" when the URL has no path.
std::string BasePathOf(std::string_view server_url);

}  // namespace icopilot::contract
