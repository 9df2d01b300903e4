// What turns the store's SQL into PostgreSQL's, kept apart so it is tested alone.
#pragma once

#include <string>
#include <string_view>

namespace icopilot::store {

// `?` placeholders numbered `$1`, `$2`, ... in order; a `?` inside a quoted string, a quoted
// name or a comment is left alone.
std::string NumberPlaceholders(std::string_view sql);

}  // namespace icopilot::store
