// The portals' built files (web/dist), compiled into the binary so a release needs no
// files beside it. Generated at build time by web/scripts/embed.mjs; a build with
// ICOPILOT_WEB_UI=OFF has none (web_assets_none.cc) and `/` says so.
#pragma once

#include <span>
#include <string_view>

namespace icopilot::api {

struct WebAsset {
  std::string_view path;          // "/index.html", "/assets/index-3f2a1c.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
  std::string_view gzip;   // empty when compressing would not make it smaller
  bool immutable = false;  // a hashed name: cached for a year
};

std::span<const WebAsset> WebAssets();

}  // namespace icopilot::api
