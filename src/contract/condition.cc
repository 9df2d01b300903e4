// Evaluates a parsed condition against a request. No allocation on the way: operands are
// pointers into the request or the condition's literals, or a number (a length).
#include "contract/condition.h"

#include <algorithm>

#include "core/json_pointer.h"
#include "schema/json_equal.h"

namespace icopilot::contract {
namespace {

using Kind = Condition::Kind;
using Node = Condition::Node;

struct Operand {
  const boost::json::value* json = nullptr;  // a value of the request or a literal
  bool is_number = false;                    // or a number computed here (a length)
  double number = 0;

  bool missing() const { return json == nullptr && !is_number; }
};

bool AsNumber(const Operand& operand, double& number) {
  if (operand.is_number) {
    number = operand.number;
    return true;
  }
  if (operand.json == nullptr) return false;
  switch (operand.json->kind()) {
    case boost::json::kind::int64:
      number = static_cast<double>(operand.json->get_int64());
      return true;
    case boost::json::kind::uint64:
      number = static_cast<double>(operand.json->get_uint64());
      return true;
    case boost::json::kind::double_:
      number = operand.json->get_double();
      return true;
    default:
      return false;
  }
}

// -1, 0, 1 for two numbers; exact for two int64s (a double loses digits past 2^53).
int CompareNumbers(const Operand& a, const Operand& b, double x, double y) {
  if (a.json != nullptr && b.json != nullptr && a.json->is_int64() && b.json->is_int64()) {
    std::int64_t i = a.json->get_int64();
    std::int64_t j = b.json->get_int64();
    return i < j ? -1 : (i > j ? 1 : 0);
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool Equal(const Operand& a, const Operand& b) {
  double x;
  double y;
  const bool a_number = AsNumber(a, x);
  const bool b_number = AsNumber(b, y);
  if (a_number || b_number) return a_number && b_number && CompareNumbers(a, b, x, y) == 0;
  return schema::JsonEqual(*a.json, *b.json);
}

std::size_t CodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

class Evaluator {
 public:
  Evaluator(const std::vector<Node>& nodes, const boost::json::object& request)
      : nodes_(nodes), request_(request) {}

  bool Test(std::uint16_t index) const {
    const Node& node = nodes_[index];
    switch (node.kind) {
      case Kind::kOr:
        return Test(node.left) || Test(node.right);
      case Kind::kAnd:
        return Test(node.left) && Test(node.right);
      case Kind::kNot:
        return !Test(node.left);
      case Kind::kEq:
      case Kind::kNe:
      case Kind::kLt:
      case Kind::kLe:
      case Kind::kGt:
      case Kind::kGe:
        return Compare(node.kind, Value(node.left), Value(node.right));
      case Kind::kIn:
        return In(Value(node.left), nodes_[node.right]);
      case Kind::kExists:
        return !Value(node.left).missing();
      case Kind::kContains:
        return Contains(Value(node.left), Value(node.right));
      case Kind::kStartsWith:
        return StartsWith(Value(node.left), Value(node.right));
      case Kind::kPath:
      case Kind::kLiteral: {
        Operand value = Value(index);
        return value.json != nullptr && value.json->is_bool() && value.json->get_bool();
      }
      case Kind::kList:
      case Kind::kLen:
        return false;  // the parser lets neither stand as a condition
    }
    return false;
  }

 private:
  Operand Value(std::uint16_t index) const {
    const Node& node = nodes_[index];
    if (node.kind == Kind::kLiteral) return {&node.literal};
    if (node.kind == Kind::kPath) return {Resolve(node)};
    if (node.kind == Kind::kLen) return Length(Value(node.left));
    return {};
  }

  const boost::json::value* Resolve(const Node& path) const {
    const boost::json::value* at = request_.if_contains(path.root);
    for (const auto& segment : path.segments) {
      if (at == nullptr) return nullptr;
      if (segment.index >= 0) {
        const auto* array = at->if_array();
        if (array == nullptr || static_cast<std::uint64_t>(segment.index) >= array->size()) {
          return nullptr;
        }
        at = &(*array)[static_cast<std::size_t>(segment.index)];
      } else {
        const auto* object = at->if_object();
        at = object == nullptr ? nullptr : object->if_contains(segment.key);
      }
    }
    return at;
  }

  static Operand Length(const Operand& of) {
    Operand length;
    if (of.json == nullptr) return length;
    if (of.json->is_string()) {
      length.number = static_cast<double>(CodePoints(of.json->get_string()));
    } else if (of.json->is_array()) {
      length.number = static_cast<double>(of.json->get_array().size());
    } else if (of.json->is_object()) {
      length.number = static_cast<double>(of.json->get_object().size());
    } else {
      return length;
    }
    length.is_number = true;
    return length;
  }

  static bool Compare(Kind kind, const Operand& a, const Operand& b) {
    if (a.missing() || b.missing()) return false;
    if (kind == Kind::kEq) return Equal(a, b);
    if (kind == Kind::kNe) return !Equal(a, b);
    int order;
    double x;
    double y;
    if (AsNumber(a, x) && AsNumber(b, y)) {
      order = CompareNumbers(a, b, x, y);
    } else if (a.json != nullptr && b.json != nullptr && a.json->is_string() &&
               b.json->is_string()) {
      std::string_view left = a.json->get_string();
      order = left.compare(std::string_view(b.json->get_string()));
      order = order < 0 ? -1 : (order > 0 ? 1 : 0);
    } else {
      return false;
    }
    switch (kind) {
      case Kind::kLt:
        return order < 0;
      case Kind::kLe:
        return order <= 0;
      case Kind::kGt:
        return order > 0;
      default:
        return order >= 0;
    }
  }

  bool In(const Operand& value, const Node& list) const {
    if (value.missing()) return false;
    for (std::uint16_t item : list.items) {
      if (Equal(value, Value(item))) return true;
    }
    return false;
  }

  static bool Contains(const Operand& haystack, const Operand& needle) {
    if (haystack.json == nullptr || needle.missing()) return false;
    if (haystack.json->is_string()) {
      if (needle.json == nullptr || !needle.json->is_string()) return false;
      return std::string_view(haystack.json->get_string())
                 .find(std::string_view(needle.json->get_string())) != std::string_view::npos;
    }
    if (const auto* array = haystack.json->if_array()) {
      return std::any_of(array->begin(), array->end(),
                         [&](const boost::json::value& item) { return Equal({&item}, needle); });
    }
    return false;
  }

  static bool StartsWith(const Operand& text, const Operand& prefix) {
    if (text.json == nullptr || prefix.json == nullptr || !text.json->is_string() ||
        !prefix.json->is_string()) {
      return false;
    }
    return std::string_view(text.json->get_string())
        .starts_with(std::string_view(prefix.json->get_string()));
  }

  const std::vector<Node>& nodes_;
  const boost::json::object& request_;
};

}  // namespace

bool Condition::Matches(const boost::json::object& request) const {
  if (nodes_.empty()) return false;
  return Evaluator(nodes_, request).Test(top_);
}

std::vector<std::string> Condition::Fields() const {
  std::vector<std::string> fields;
  for (const auto& node : nodes_) {
    if (node.kind != Kind::kPath) continue;
    std::string pointer;
    AppendPointerToken(pointer, node.root);
    for (const auto& segment : node.segments) {
      AppendPointerToken(pointer, segment.index >= 0 ? std::to_string(segment.index) : segment.key);
    }
    if (std::find(fields.begin(), fields.end(), pointer) == fields.end()) {
      fields.push_back(std::move(pointer));
    }
  }
  return fields;
}

}  // namespace icopilot::contract
