#include "spec/model.h"

#include "core/strings.h"

namespace icopilot::spec {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "get";
    case Method::kPut:
      return "put";
    case Method::kPost:
      return "post";
    case Method::kDelete:
      return "delete";
    case Method::kOptions:
      return "options";
    case Method::kHead:
      return "head";
    case Method::kPatch:
      return "patch";
    case Method::kTrace:
      return "trace";
  }
  return "get";
}

std::string_view MethodToken(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kPut:
      return "PUT";
    case Method::kPost:
      return "POST";
    case Method::kDelete:
      return "DELETE";
    case Method::kOptions:
      return "OPTIONS";
    case Method::kHead:
      return "HEAD";
    case Method::kPatch:
      return "PATCH";
    case Method::kTrace:
      return "TRACE";
  }
  return "GET";
}

std::optional<Method> ParseMethod(std::string_view name) {
  const std::string lower = ToLower(name);
  for (Method method : kMethods) {
    if (MethodName(method) == lower) return method;
  }
  return std::nullopt;
}

bool IsSafe(Method method) {
  return method == Method::kGet || method == Method::kHead || method == Method::kOptions ||
         method == Method::kTrace;
}

std::string_view LocationName(ParameterIn in) {
  switch (in) {
    case ParameterIn::kPath:
      return "path";
    case ParameterIn::kQuery:
      return "query";
    case ParameterIn::kHeader:
      return "header";
    case ParameterIn::kCookie:
      return "cookie";
  }
  return "query";
}

std::optional<ParameterIn> ParseLocation(std::string_view name) {
  for (ParameterIn in :
       {ParameterIn::kPath, ParameterIn::kQuery, ParameterIn::kHeader, ParameterIn::kCookie}) {
    if (LocationName(in) == name) return in;
  }
  return std::nullopt;
}

std::string_view SchemeTypeName(SchemeType type) {
  switch (type) {
    case SchemeType::kApiKey:
      return "apiKey";
    case SchemeType::kHttp:
      return "http";
    case SchemeType::kOAuth2:
      return "oauth2";
    case SchemeType::kOpenIdConnect:
      return "openIdConnect";
    case SchemeType::kMutualTls:
      return "mutualTLS";
    case SchemeType::kUnknown:
      return "unknown";
  }
  return "unknown";
}

SchemeType ParseSchemeType(std::string_view name) {
  for (SchemeType type : {SchemeType::kApiKey, SchemeType::kHttp, SchemeType::kOAuth2,
                          SchemeType::kOpenIdConnect, SchemeType::kMutualTls}) {
    if (SchemeTypeName(type) == name) return type;
  }
  return SchemeType::kUnknown;
}

}  // namespace icopilot::spec
