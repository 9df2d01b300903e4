// Request bodies checked against the schemas the served OpenAPI document gives them,
// before the handler reads them: a body that breaks its schema is refused with every
// invalid field at once (RFC 9457 `errors`, one JSON pointer each), so a form can mark
// them all. Handlers keep their own checks for the rules a schema cannot state.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <boost/json/value.hpp>

#include "api/operation.h"
#include "net/http.h"

namespace icopilot::schema {
class Schema;
}

namespace icopilot::api {

class RequestBodyCheck {
 public:
  // `document` is the served OpenAPI document; `operations` must outlive the check.
  // Compiles each operation's request schema once. Thread-safe after construction.
  RequestBodyCheck(boost::json::value document, const std::vector<Operation>& operations);
  ~RequestBodyCheck();

  // The answer to give instead of running the handler: 415, 400 or 422 as ReadJsonObject
  // reads the body, else a 422 listing every field the schema refuses. Nullopt when the
  // body may go on (it matches, or the operation takes none).
  std::optional<net::Response> Check(const Operation& op, const net::Request& request) const;

 private:
  boost::json::value document_;
  std::map<const Operation*, std::unique_ptr<schema::Schema>> schemas_;
};

}  // namespace icopilot::api
