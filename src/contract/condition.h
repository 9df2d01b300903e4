// Conditions on a request that decide when a vendor's annotation applies:
//
//   body.amount > 10000 and headers["x-region"] == "EU"
//   exists(body.metadata) or len(body.items) > 100
//   not (query.mode in ["test", "sandbox"])
//
// Vendors write them; they run on every request a partner types in the playground and on
// every failed case and trace. So the language has no loops, no calls out and no
// arithmetic, and its text, nesting and size are bounded: evaluating one costs time in
// proportion to its size and to the values it reads, never more. Parsed once, with
// errors at their column; evaluated many times against the request as JSON.
//
// Semantics (docs/annotations.md): a field the request lacks is "missing", and every
// comparison with a missing value is false (`not` of it is true); numbers compare by
// value (1 == 1.0); strings order by their bytes; values of different types are never
// equal and never ordered. Header names are case-insensitive.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace icopilot::contract {

struct ConditionError {
  int column = 1;  // 1-based, counted in characters
  std::string message;
};

class Condition;

struct ParsedCondition;

// The condition `text` writes, or where and why it is not one.
ParsedCondition ParseCondition(std::string_view text);

class Condition {
 public:
  static constexpr std::size_t kMaxLength = 2000;  // bytes of text
  static constexpr int kMaxDepth = 24;             // nested parentheses, `not`s, calls
  static constexpr std::size_t kMaxNodes = 500;    // operands and operators
  static constexpr std::size_t kMaxListItems = 100;

  // `request` is {"body": JSON, "headers": {lower-case name: text}, "query": {name:
  // value}, "path": {name: value}}; members the request lacks may be left out.
  bool Matches(const boost::json::object& request) const;

  // The request fields the condition reads, as JSON pointers ("/body/amount",
  // "/headers/x-region"), in order of appearance without repeats.
  std::vector<std::string> Fields() const;

  const std::string& text() const { return text_; }

  // Node kinds; public so that the evaluator's helpers can name them.
  enum class Kind : std::uint8_t {
    kOr,
    kAnd,
    kNot,
    kEq,
    kNe,
    kLt,
    kLe,
    kGt,
    kGe,
    kIn,
    kLiteral,
    kList,
    kPath,
    kExists,
    kLen,
    kContains,
    kStartsWith,
  };
  struct Segment {
    std::string key;          // a member name
    std::int64_t index = -1;  // or an array index, when >= 0
  };
  struct Node {
    explicit Node(Kind k) : kind(k) {}
    Kind kind;
    std::uint16_t left = 0;  // operands, by index into nodes_
    std::uint16_t right = 0;
    boost::json::value literal;        // kLiteral
    std::vector<std::uint16_t> items;  // kList
    std::string root;                  // kPath: body, headers, query or path
    std::vector<Segment> segments;     // kPath
  };

 private:
  friend class ConditionParser;
  friend ParsedCondition ParseCondition(std::string_view text);

  std::string text_;
  std::vector<Node> nodes_;
  std::uint16_t top_ = 0;
};

struct ParsedCondition {
  std::optional<Condition> condition;  // set when the text is a condition
  ConditionError error;                // otherwise
};

}  // namespace icopilot::contract
