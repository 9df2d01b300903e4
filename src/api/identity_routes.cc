// Sessions, signup, the caller's org, users and API keys.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/encode.h"
#include "api/handler_util.h"
#include "api/pagination.h"
#include "core/clock.h"
#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot::api {
namespace {

using services::kMinPasswordLength;

absl::StatusOr<net::Response> Login(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"email", "password"}));
  ASSIGN_OR_RETURN(auto email, StringField(body, "email", true));
  ASSIGN_OR_RETURN(auto password, StringField(body, "password", true));
  ASSIGN_OR_RETURN(auto created,
                   deps.identity.Login(*email, *password, context.request.client_address,
                                       context.request.request_id));
  auto response = JsonResponse(
      201, boost::json::object{{"user", EncodeUser(created.user)},
                               {"csrf_token", created.session.csrf_token},
                               {"expires_at", FormatTimestamp(created.session.expires_at)},
                               {"password_change_required", created.user.password_temporary}});
  std::int64_t max_age = (created.session.expires_at - created.session.created_at) / 1000;
  response.headers.Set("set-cookie", SessionCookie(created.token, max_age, context.request.https));
  return response;
}

absl::StatusOr<net::Response> WhoAmI(ApiDependencies& deps, Context& context) {
  const auto& principal = *context.principal;
  ASSIGN_OR_RETURN(auto user, deps.identity.GetUser(context.actor(), principal.scope.user_id));
  ASSIGN_OR_RETURN(auto org, deps.identity.GetOrg(context.actor()));
  boost::json::object body{
      {"user", EncodeUser(user)},
      {"org", EncodeOrg(org)},
      {"role", store::RoleName(principal.scope.role)},
      {"authenticated_by", principal.session_id.empty() ? "api_key" : "session"}};
  if (!principal.api_key_id.empty()) body["api_key_id"] = principal.api_key_id;
  // A page reloaded with its session cookie needs the token for its writes again; another
  // origin cannot read this answer.
  if (!principal.session_id.empty()) {
    body["csrf_token"] = principal.csrf_token;
    body["password_change_required"] = principal.password_temporary;
  }
  return JsonResponse(200, body);
}

absl::StatusOr<net::Response> ChangePassword(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"current_password", "new_password"}));
  ASSIGN_OR_RETURN(auto current, StringField(body, "current_password", true));
  ASSIGN_OR_RETURN(auto replacement, StringField(body, "new_password", true));
  RETURN_IF_ERROR(deps.identity.ChangePassword(context.actor(), *current, *replacement));
  return NoContent();
}

absl::StatusOr<net::Response> Logout(ApiDependencies& deps, Context& context) {
  RETURN_IF_ERROR(deps.identity.Logout(context.actor(), *context.principal));
  auto response = NoContent();
  response.headers.Set("set-cookie", SessionCookie("", 0, context.request.https));
  return response;
}

absl::StatusOr<net::Response> Signup(ApiDependencies& deps, Context& context) {
  if (!deps.allow_signup) {
    return WithProblem(
        absl::PermissionDeniedError("self-service signup is off on this server (--allow-signup)"),
        403, "signup-disabled");
  }
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"org_name", "email", "password"}));
  ASSIGN_OR_RETURN(auto org_name, StringField(body, "org_name", true));
  ASSIGN_OR_RETURN(auto email, StringField(body, "email", true));
  ASSIGN_OR_RETURN(auto password, StringField(body, "password", true));
  if (password->size() < kMinPasswordLength) {
    return absl::InvalidArgumentError(
        StrCat("password: must have at least ", kMinPasswordLength, " characters"));
  }
  ASSIGN_OR_RETURN(auto created, deps.identity.CreateOrg(*org_name, "vendor", *email, *password,
                                                         context.request.client_address));
  auto encoded = EncodeNewOrg(created);
  encoded.erase("password");  // the caller chose it
  return JsonResponse(201, encoded);
}

absl::StatusOr<net::Response> UpdateOrg(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"name"}));
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
  ASSIGN_OR_RETURN(auto org, deps.identity.RenameOrg(context.actor(), *name));
  return JsonResponse(200, EncodeOrg(org));
}

absl::StatusOr<net::Response> CreateUser(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"email", "name", "role"}));
  ASSIGN_OR_RETURN(auto email, StringField(body, "email", true));
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
  ASSIGN_OR_RETURN(auto role_name, StringField(body, "role", true));
  auto role = store::ParseRole(*role_name);
  if (!role) return absl::InvalidArgumentError(StrCat("role: '", *role_name, "' is not a role"));
  ASSIGN_OR_RETURN(auto created, deps.identity.CreateUser(context.actor(), *email, *name, *role));
  boost::json::object encoded = EncodeUser(created.user);
  encoded["password"] = created.password;
  return JsonResponse(201, encoded);
}

absl::StatusOr<net::Response> CreateApiKey(ApiDependencies& deps, Context& context) {
  ASSIGN_OR_RETURN(auto body, ReadJsonObject(context.request));
  RETURN_IF_ERROR(OnlyFields(body, {"name", "role", "expires_in_days"}));
  ASSIGN_OR_RETURN(auto name, StringField(body, "name", true));
  ASSIGN_OR_RETURN(auto role_name, StringField(body, "role", false));
  ASSIGN_OR_RETURN(auto days, IntField(body, "expires_in_days"));
  store::Role role = context.principal->scope.role;
  if (role_name) {
    auto parsed = store::ParseRole(*role_name);
    if (!parsed)
      return absl::InvalidArgumentError(StrCat("role: '", *role_name, "' is not a role"));
    role = *parsed;
  }
  std::optional<std::int64_t> expires_at;
  if (days) {
    if (*days < 1 || *days > 3650)
      return absl::InvalidArgumentError("expires_in_days: must be from 1 to 3650");
    expires_at = deps.clock.NowMillis() + *days * 86'400'000;
  }
  ASSIGN_OR_RETURN(auto created,
                   deps.identity.CreateApiKey(context.actor(), *name, role, expires_at));
  boost::json::object encoded = EncodeApiKey(created.key);
  encoded["secret"] = created.secret;
  return JsonResponse(201, encoded);
}

// What a sign-in page shows before anyone signs in.
net::Response DescribeInstance(const ApiDependencies& deps) {
  boost::json::object instance{{"version", deps.version}, {"signup", deps.allow_signup}};
  if (deps.demo_sign_in != nullptr) {
    boost::json::array logins;
    for (const auto& login : deps.demo_sign_in->Get())
      logins.push_back(boost::json::object{
          {"who", login.who}, {"email", login.email}, {"password", login.password}});
    if (!logins.empty()) instance["demo_sign_in"] = std::move(logins);
  }
  return JsonResponse(200, instance);
}

}  // namespace

void AddIdentityRoutes(std::vector<Operation>& ops, ApiDependencies& deps) {
  ops.push_back({"GET",
                 "/api/v1/instance",
                 "getInstance",
                 "What this server is: its version, whether signup is open, and on a demo the "
                 "demo's sign-ins",
                 "session",
                 Access::kPublic,
                 RateGroup::kOps,
                 "",
                 200,
                 "Instance",
                 "application/json",
                 false,
                 {},
                 [&deps](Context&) { return DescribeInstance(deps); }});
  ops.push_back({"POST",
                 "/api/v1/session",
                 "createSession",
                 "Log in with email and password (sets the session cookie)",
                 "session",
                 Access::kPublic,
                 RateGroup::kAuth,
                 "SessionCreate",
                 201,
                 "SessionCreated",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, Login)});
  ops.push_back({"GET",
                 "/api/v1/session",
                 "getSession",
                 "Who the caller is",
                 "session",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "Whoami",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, WhoAmI)});
  ops.back().before_own_password = true;
  ops.push_back({"DELETE",
                 "/api/v1/session",
                 "deleteSession",
                 "Log out",
                 "session",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 204,
                 "",
                 "",
                 false,
                 {},
                 Wrap(deps, Logout)});
  ops.back().before_own_password = true;
  ops.push_back({"PUT",
                 "/api/v1/session/password",
                 "changePassword",
                 "Replace the caller's password (a partner's one-time password first of all)",
                 "session",
                 Access::kAnyUser,
                 RateGroup::kAuth,
                 "PasswordChange",
                 204,
                 "",
                 "",
                 false,
                 {},
                 Wrap(deps, ChangePassword)});
  ops.back().before_own_password = true;
  ops.push_back({"POST",
                 "/api/v1/signup",
                 "signup",
                 "Create a vendor org and its owner (only with --allow-signup)",
                 "session",
                 Access::kPublic,
                 RateGroup::kAuth,
                 "Signup",
                 201,
                 "OrgCreated",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, Signup)});
  ops.push_back({"GET",
                 "/api/v1/org",
                 "getOrg",
                 "The caller's org",
                 "org",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "Org",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto org, d.identity.GetOrg(c.actor()));
                   return JsonResponse(200, EncodeOrg(org));
                 })});
  ops.push_back({"PATCH",
                 "/api/v1/org",
                 "updateOrg",
                 "Rename the caller's org",
                 "org",
                 Access::kOrgAdmin,
                 RateGroup::kApi,
                 "OrgUpdate",
                 200,
                 "Org",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, UpdateOrg)});
  ops.push_back({"GET",
                 "/api/v1/users",
                 "listUsers",
                 "List the users of the caller's org",
                 "users",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "UserList",
                 "application/json",
                 true,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
                   ASSIGN_OR_RETURN(auto page, d.identity.ListUsers(c.actor(), page_request));
                   return JsonResponse(200, ListBody(page, EncodeUser));
                 })});
  ops.push_back({"POST",
                 "/api/v1/users",
                 "createUser",
                 "Add a user to the caller's org (password shown once)",
                 "users",
                 Access::kOrgAdmin,
                 RateGroup::kApi,
                 "UserCreate",
                 201,
                 "UserCreated",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, CreateUser)});
  ops.push_back({"GET",
                 "/api/v1/users/{user_id}",
                 "getUser",
                 "Get a user of the caller's org",
                 "users",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "User",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto user, d.identity.GetUser(c.actor(), Param(c, "user_id")));
                   return JsonResponse(200, EncodeUser(user));
                 })});
  ops.push_back({"GET",
                 "/api/v1/api-keys",
                 "listApiKeys",
                 "List API keys (an org admin sees the org's; others their own)",
                 "api-keys",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "ApiKeyList",
                 "application/json",
                 true,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto page_request, ReadPageRequest(c.request));
                   ASSIGN_OR_RETURN(auto page, d.identity.ListApiKeys(c.actor(), page_request));
                   return JsonResponse(200, ListBody(page, EncodeApiKey));
                 })});
  ops.push_back({"POST",
                 "/api/v1/api-keys",
                 "createApiKey",
                 "Create an API key (its secret is shown once)",
                 "api-keys",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "ApiKeyCreate",
                 201,
                 "ApiKeyCreated",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, CreateApiKey)});
  ops.push_back({"DELETE",
                 "/api/v1/api-keys/{key_id}",
                 "revokeApiKey",
                 "Revoke an API key",
                 "api-keys",
                 Access::kAnyUser,
                 RateGroup::kApi,
                 "",
                 200,
                 "ApiKey",
                 "application/json",
                 false,
                 {},
                 Wrap(deps, [](ApiDependencies& d, Context& c) -> absl::StatusOr<net::Response> {
                   ASSIGN_OR_RETURN(auto key,
                                    d.identity.RevokeApiKey(c.actor(), Param(c, "key_id")));
                   return JsonResponse(200, EncodeApiKey(key));
                 })});
}

}  // namespace icopilot::api
