// A server built without the portals (ICOPILOT_WEB_UI=OFF, or no Node at build time).
#include "api/web_assets.h"

namespace icopilot::api {

std::span<const WebAsset> WebAssets() { return {}; }

}  // namespace icopilot::api
