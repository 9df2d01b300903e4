// Which documented response and media type answer a request: by status (a concrete code
// first, then its range like 2XX), the default success, and content negotiation by
// Accept.
#pragma once

#include <string_view>
#include <vector>

#include "spec/model.h"

namespace icopilot::mock {

// "2XX" and "default" stand for ranges of codes: 200 for 2XX, 0 for default.
int StatusOf(const spec::Response& response);

// The response documented for `code`: its own entry, else its range (2XX).
const spec::Response* FindResponse(const spec::Operation& op, int code);

// The first documented success, else `default`, else the first documented response.
const spec::Response* DefaultResponse(const spec::Operation& op);

// The media type of `content` that `accept` allows (q=0 excludes); the first one when
// Accept is absent or */*. Null when none is allowed.
const spec::MediaType* Negotiate(const std::vector<spec::MediaType>& content,
                                 std::string_view accept);

}  // namespace icopilot::mock
