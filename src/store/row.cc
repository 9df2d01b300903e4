#include "store/database.h"

namespace icopilot::store {

bool Row::IsNull(std::size_t column) const {
  return std::holds_alternative<std::nullptr_t>(values_.at(column));
}

std::string Row::Text(std::size_t column) const {
  const SqlValue& value = values_.at(column);
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  return {};
}

std::int64_t Row::Int(std::size_t column) const {
  const SqlValue& value = values_.at(column);
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  return 0;
}

std::optional<std::int64_t> Row::OptionalInt(std::size_t column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

}  // namespace icopilot::store
