#include "api/web_app.h"

#include <algorithm>

#include "api/web_assets.h"
#include "net/problem.h"

namespace icopilot::api {
namespace {

const WebAsset* Find(std::string_view path) {
  auto assets = WebAssets();
  auto it = std::find_if(assets.begin(), assets.end(),
                         [&](const WebAsset& asset) { return asset.path == path; });
  return it == assets.end() ? nullptr : &*it;
}

bool AcceptsGzip(const net::Request& request) {
  auto accepted = request.headers.Find("accept-encoding");
  return accepted && accepted->find("gzip") != std::string_view::npos;
}

// A last segment without a dot is a client route; one with a dot names a file.
bool IsClientRoute(std::string_view path) {
  std::string_view last = path.substr(path.rfind('/') + 1);
  return last.find('.') == std::string_view::npos;
}

net::Response Serve(const WebAsset& asset, const net::Request& request) {
  net::Response response;
  response.headers.Set("content-type", std::string(asset.content_type));
  response.headers.Set("cache-control",
                       asset.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.Set("vary", "accept-encoding");
  if (!asset.gzip.empty() && AcceptsGzip(request)) {
    response.headers.Set("content-encoding", "gzip");
    response.body = std::string(asset.gzip);
  } else {
    response.body = std::string(asset.body);
  }
  if (asset.content_type.starts_with("text/html"))
    response.headers.Set("content-security-policy", kWebAppCsp);
  return response;
}

}  // namespace

std::optional<net::Response> ServeWebApp(const net::Request& request) {
  const std::string_view path = request.path;
  if (path.starts_with("/api/") || path == "/api" || path.starts_with("/mocks/"))
    return std::nullopt;
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  if (WebAssets().empty()) {
    if (path != "/") return std::nullopt;
    return net::MakeProblem(
        404, "not-found", "Not found",
        "this icopilot was built without the portals (ICOPILOT_WEB_UI=OFF); the API is at "
        "/api/v1, described by /api/v1/openapi.json");
  }
  if (const WebAsset* asset = Find(path == "/" ? "/index.html" : path))
    return Serve(*asset, request);
  if (!IsClientRoute(path)) return std::nullopt;
  const WebAsset* index = Find("/index.html");
  if (index == nullptr) return std::nullopt;
  return Serve(*index, request);
}

}  // namespace icopilot::api
