// One REST operation: its route, who may call it, how it is documented, and its handler.
// The route table is the single source for routing, the authorization checks, the rate
// limit group and the served OpenAPI document, so they cannot disagree.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/http.h"
#include "services/actor.h"
#include "services/identity_service.h"

namespace icopilot::api {

enum class Access {
  kPublic,       // no credentials
  kAnyUser,      // any authenticated user, vendor or partner
  kVendor,       // vendor roles only; partners get 403
  kVendorAdmin,  // vendor owner or admin
  kOrgAdmin,     // owner, admin or partner-admin, each in their own org
};

// The rate-limit bucket family a route belongs to.
enum class RateGroup { kOps, kAuth, kApi };

struct Context {
  net::Request& request;
  std::optional<services::Principal> principal;

  services::Actor actor() const {
    return {principal ? principal->scope : store::Scope{}, request.client_address,
            request.request_id};
  }
};

using Handler = std::function<net::Response(Context&)>;

struct QueryParameter {
  std::string name;
  std::string type;  // "string", "integer", "boolean"
  std::string description;
};

struct Operation {
  std::string method;
  std::string path;
  std::string operation_id;
  std::string summary;
  std::string tag;
  Access access = Access::kAnyUser;
  RateGroup rate_group = RateGroup::kApi;
  std::string request_schema;  // component name, "" for no body
  int success_status = 200;
  std::string response_schema;  // component name, "" for no body
  std::string response_media_type = "application/json";
  bool paginated = false;  // adds cursor and limit
  std::vector<QueryParameter> query;
  Handler handler;
  // A session still on a one-time password may call it (see who it is, sign out, set its
  // password); every other operation refuses such a session.
  bool before_own_password = false;
  // The body is a foreign format (a HAR file, a trace batch) whose own reader explains
  // its mistakes better than the schema check would (api/request_body_check.h).
  bool own_body_reader = false;
};

std::string_view AccessName(Access access);

}  // namespace icopilot::api
