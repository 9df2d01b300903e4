// Serves the portals' embedded files (api/web_assets.h): the hashed assets, cached for
// ever, and index.html for `/` and for the app's client routes (`/projects/p_1/runs`),
// never cached. Its own strict CSP: scripts, styles and fetches from this origin only.
#pragma once

#include <optional>

#include "net/http.h"

namespace icopilot::api {

// The answer for a GET or HEAD the API's routes did not take; nullopt when the path is
// the API's or a hosted mock's (their own 404 applies).
std::optional<net::Response> ServeWebApp(const net::Request& request);

// The policy of pages that run the app; the API's answers keep `default-src 'none'`.
inline constexpr char kWebAppCsp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

}  // namespace icopilot::api
