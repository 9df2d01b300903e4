// Reads a condition's text into its nodes: a recursive-descent parser, one token of
// lookahead, with the limits of condition.h checked as it goes, so hostile text costs
// at most kMaxLength steps and kMaxDepth frames.
//
//   condition  := or
//   or         := and (("or" | "||") and)*
//   and        := unary (("and" | "&&") unary)*
//   unary      := ("not" | "!") unary | comparison
//   comparison := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand | "in" list)?
//   operand    := literal | path | call | "(" or ")"
//   path       := ("body" | "headers" | "query" | "path") ("." name | "[" (string | int) "]")*
//   call       := ("exists" | "len" | "contains" | "starts_with") "(" arguments ")"
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "contract/condition.h"
#include "core/strings.h"

namespace icopilot::contract {
namespace {

enum class Token : std::uint8_t {
  kEnd,
  kName,
  kNumber,
  kString,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kNot,
  kBad,
};

// Names may hold any non-ASCII character: JSON member names are Unicode.
bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}
bool IsNameChar(char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// What an expression yields, checked while parsing so that a mistake is reported at its
// column rather than silently false at run time.
enum class Shape : std::uint8_t { kCondition, kValue, kNumber, kList };

struct Parsed {
  std::uint16_t node = 0;
  Shape shape = Shape::kValue;
};

}  // namespace

class ConditionParser {
 public:
  ConditionParser(std::string_view text, Condition& out) : text_(text), out_(out) {}

  bool Run() {
    Next();
    Parsed top;
    if (!ParseOr(top, 0)) return false;
    if (token_ == Token::kBad) return Unexpected("");
    if (token_ != Token::kEnd) return Fail(start_, "expected `and`, `or` or the end here");
    if (!RequireCondition(top, 0)) return false;
    out_.top_ = top.node;
    return true;
  }

  ConditionError error() const { return error_; }

 private:
  // --- tokens -------------------------------------------------------------------------

  void Next() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
    start_ = pos_;
    value_.clear();
    unterminated_ = false;
    bad_escape_ = std::string_view::npos;
    if (pos_ >= text_.size()) {
      token_ = Token::kEnd;
      return;
    }
    const char c = text_[pos_];
    auto two = [&](char second) { return pos_ + 1 < text_.size() && text_[pos_ + 1] == second; };
    auto take = [&](Token token, std::size_t length) {
      token_ = token;
      pos_ += length;
    };
    switch (c) {
      case '(':
        return take(Token::kLParen, 1);
      case ')':
        return take(Token::kRParen, 1);
      case '[':
        return take(Token::kLBracket, 1);
      case ']':
        return take(Token::kRBracket, 1);
      case ',':
        return take(Token::kComma, 1);
      case '.':
        return take(Token::kDot, 1);
      case '=':
        return two('=') ? take(Token::kEq, 2) : take(Token::kBad, 1);
      case '!':
        return two('=') ? take(Token::kNe, 2) : take(Token::kNot, 1);
      case '<':
        return two('=') ? take(Token::kLe, 2) : take(Token::kLt, 1);
      case '>':
        return two('=') ? take(Token::kGe, 2) : take(Token::kGt, 1);
      case '&':
        return two('&') ? take(Token::kAnd, 2) : take(Token::kBad, 1);
      case '|':
        return two('|') ? take(Token::kOr, 2) : take(Token::kBad, 1);
      case '"':
      case '\'':
        return LexString(c);
      default:
        break;
    }
    if (IsDigit(c) || (c == '-' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]))) {
      return LexNumber();
    }
    if (IsNameStart(c)) {
      std::size_t end = pos_ + 1;
      while (end < text_.size() && IsNameChar(text_[end])) ++end;
      value_.assign(text_.substr(pos_, end - pos_));
      pos_ = end;
      if (value_ == "and")
        token_ = Token::kAnd;
      else if (value_ == "or")
        token_ = Token::kOr;
      else if (value_ == "not")
        token_ = Token::kNot;
      else
        token_ = Token::kName;
      return;
    }
    take(Token::kBad, 1);
  }

  void LexNumber() {
    std::size_t end = pos_;
    if (text_[end] == '-') ++end;
    while (end < text_.size() && IsDigit(text_[end])) ++end;
    if (end + 1 < text_.size() && text_[end] == '.' && IsDigit(text_[end + 1])) {
      ++end;
      while (end < text_.size() && IsDigit(text_[end])) ++end;
    }
    if (end < text_.size() && (text_[end] == 'e' || text_[end] == 'E')) {
      std::size_t exponent = end + 1;
      if (exponent < text_.size() && (text_[exponent] == '+' || text_[exponent] == '-')) {
        ++exponent;
      }
      if (exponent < text_.size() && IsDigit(text_[exponent])) {
        end = exponent;
        while (end < text_.size() && IsDigit(text_[end])) ++end;
      }
    }
    value_.assign(text_.substr(pos_, end - pos_));
    pos_ = end;
    token_ = Token::kNumber;
  }

  void LexString(char quote) {
    std::size_t at = pos_ + 1;
    while (at < text_.size() && text_[at] != quote) {
      char c = text_[at];
      if (c == '\\') {
        if (at + 1 >= text_.size()) break;
        switch (text_[at + 1]) {
          case '\\':
            value_ += '\\';
            break;
          case '"':
            value_ += '"';
            break;
          case '\'':
            value_ += '\'';
            break;
          case 'n':
            value_ += '\n';
            break;
          case 't':
            value_ += '\t';
            break;
          default:
            bad_escape_ = at;
            token_ = Token::kBad;
            pos_ = at + 2;
            return;
        }
        at += 2;
        continue;
      }
      value_ += c;
      ++at;
    }
    if (at >= text_.size()) {
      token_ = Token::kBad;
      unterminated_ = true;
      pos_ = text_.size();
      return;
    }
    pos_ = at + 1;
    token_ = Token::kString;
  }

  // --- errors -------------------------------------------------------------------------

  int ColumnOf(std::size_t offset) const {
    int column = 1;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return column;
  }

  bool Fail(std::size_t offset, std::string message) {
    if (!failed_) {
      failed_ = true;
      error_ = {ColumnOf(offset), std::move(message)};
    }
    return false;
  }

  // A message for the current token when it is not what the grammar wants.
  bool Unexpected(std::string_view wanted) {
    if (token_ == Token::kBad) {
      if (unterminated_) return Fail(start_, "this string has no closing quote");
      if (bad_escape_ != std::string_view::npos) {
        return Fail(bad_escape_, "unknown escape: use \\\\, \\\", \\', \\n or \\t");
      }
      const char c = text_[start_];
      if (c == '=') return Fail(start_, "`=` alone: compare with `==`");
      if (c == '&') return Fail(start_, "`&` alone: use `and` (or `&&`)");
      if (c == '|') return Fail(start_, "`|` alone: use `or` (or `||`)");
      return Fail(start_, StrCat("unexpected character '", text_.substr(start_, 1), "'"));
    }
    if (token_ == Token::kEnd)
      return Fail(start_, StrCat("the condition ends where ", wanted, " was expected"));
    return Fail(start_, StrCat("expected ", wanted, " here"));
  }

  // --- nodes --------------------------------------------------------------------------

  bool Add(Condition::Node node, std::size_t offset, std::uint16_t& index) {
    if (out_.nodes_.size() >= Condition::kMaxNodes) {
      return Fail(offset, StrCat("the condition is too large (more than ", Condition::kMaxNodes,
                                 " parts)"));
    }
    index = static_cast<std::uint16_t>(out_.nodes_.size());
    out_.nodes_.push_back(std::move(node));
    return true;
  }

  bool Enter(std::size_t offset, int depth) {
    if (depth >= Condition::kMaxDepth) {
      return Fail(offset, StrCat("nested too deep (more than ", Condition::kMaxDepth, " levels)"));
    }
    return true;
  }

  bool RequireCondition(const Parsed& parsed, std::size_t offset) {
    if (parsed.shape == Shape::kCondition) return true;
    const auto& node = out_.nodes_[parsed.node];
    if (node.kind == Condition::Kind::kPath) return true;  // true when the field is `true`
    if (node.kind == Condition::Kind::kLiteral && node.literal.is_bool()) return true;
    if (parsed.shape == Shape::kNumber) {
      return Fail(offset, "a number is not a condition: compare it (`len(body.items) > 0`)");
    }
    return Fail(offset, "a value is not a condition: compare it (`==`, `>`, `in`, ...)");
  }

  bool RequireValue(const Parsed& parsed, std::size_t offset) {
    if (parsed.shape == Shape::kValue || parsed.shape == Shape::kNumber) return true;
    if (parsed.shape == Shape::kList) return Fail(offset, "a list can only follow `in`");
    return Fail(offset, "compare values, not conditions: combine conditions with `and` / `or`");
  }

  // --- grammar ------------------------------------------------------------------------

  bool ParseBinary(Parsed& out, int depth, Token token, Condition::Kind kind,
                   bool (ConditionParser::*operand)(Parsed&, int)) {
    std::size_t first_offset = start_;
    if (!(this->*operand)(out, depth)) return false;
    while (token_ == token) {
      if (!RequireCondition(out, first_offset)) return false;
      Next();
      std::size_t offset = start_;
      Parsed right;
      if (!(this->*operand)(right, depth)) return false;
      if (!RequireCondition(right, offset)) return false;
      Condition::Node node{kind};
      node.left = out.node;
      node.right = right.node;
      if (!Add(std::move(node), offset, out.node)) return false;
      out.shape = Shape::kCondition;
    }
    return true;
  }

  bool ParseOr(Parsed& out, int depth) {
    if (!Enter(start_, depth)) return false;
    return ParseBinary(out, depth, Token::kOr, Condition::Kind::kOr, &ConditionParser::ParseAnd);
  }

  bool ParseAnd(Parsed& out, int depth) {
    return ParseBinary(out, depth, Token::kAnd, Condition::Kind::kAnd,
                       &ConditionParser::ParseUnary);
  }

  bool ParseUnary(Parsed& out, int depth) {
    if (token_ != Token::kNot) return ParseComparison(out, depth);
    std::size_t offset = start_;
    if (!Enter(offset, depth + 1)) return false;
    Next();
    std::size_t operand_offset = start_;
    Parsed operand;
    if (!ParseUnary(operand, depth + 1)) return false;
    if (!RequireCondition(operand, operand_offset)) return false;
    Condition::Node node{Condition::Kind::kNot};
    node.left = operand.node;
    out.shape = Shape::kCondition;
    return Add(std::move(node), offset, out.node);
  }

  static bool ComparisonKind(Token token, Condition::Kind& kind) {
    switch (token) {
      case Token::kEq:
        kind = Condition::Kind::kEq;
        return true;
      case Token::kNe:
        kind = Condition::Kind::kNe;
        return true;
      case Token::kLt:
        kind = Condition::Kind::kLt;
        return true;
      case Token::kLe:
        kind = Condition::Kind::kLe;
        return true;
      case Token::kGt:
        kind = Condition::Kind::kGt;
        return true;
      case Token::kGe:
        kind = Condition::Kind::kGe;
        return true;
      default:
        return false;
    }
  }

  bool ParseComparison(Parsed& out, int depth) {
    std::size_t left_offset = start_;
    if (!ParseOperand(out, depth)) return false;
    Condition::Kind kind;
    bool is_in = token_ == Token::kName && value_ == "in";
    if (!is_in && !ComparisonKind(token_, kind)) return true;
    if (!RequireValue(out, left_offset)) return false;
    if (is_in) kind = Condition::Kind::kIn;
    std::size_t operator_offset = start_;
    Next();
    std::size_t right_offset = start_;
    Parsed right;
    if (is_in) {
      if (token_ != Token::kLBracket) return Unexpected("a list (`[\"EU\", \"UK\"]`) after `in`");
      if (!ParseList(right, depth)) return false;
    } else {
      if (!ParseOperand(right, depth)) return false;
      if (!RequireValue(right, right_offset)) return false;
    }
    Condition::Node node{kind};
    node.left = out.node;
    node.right = right.node;
    out.shape = Shape::kCondition;
    if (!Add(std::move(node), operator_offset, out.node)) return false;
    Condition::Kind next;
    if (ComparisonKind(token_, next) || (token_ == Token::kName && value_ == "in")) {
      return Fail(start_, "comparisons do not chain: join them with `and`");
    }
    return true;
  }

  bool ParseList(Parsed& out, int depth) {
    std::size_t offset = start_;
    Next();  // [
    Condition::Node list{Condition::Kind::kList};
    while (token_ != Token::kRBracket) {
      if (!list.items.empty()) {
        if (token_ != Token::kComma) return Unexpected("`,` or `]`");
        Next();
      }
      if (list.items.size() >= Condition::kMaxListItems) {
        return Fail(start_, StrCat("a list holds at most ", Condition::kMaxListItems, " values"));
      }
      Parsed item;
      if (!ParseLiteral(item)) return false;
      list.items.push_back(item.node);
    }
    Next();  // ]
    out.shape = Shape::kList;
    (void)depth;
    return Add(std::move(list), offset, out.node);
  }

  bool ParseLiteral(Parsed& out) {
    Condition::Node node{Condition::Kind::kLiteral};
    std::size_t offset = start_;
    if (token_ == Token::kString) {
      node.literal = boost::json::string(value_);
    } else if (token_ == Token::kNumber) {
      if (!ReadNumber(node.literal)) return false;
    } else if (token_ == Token::kName && value_ == "true") {
      node.literal = true;
    } else if (token_ == Token::kName && value_ == "false") {
      node.literal = false;
    } else if (token_ == Token::kName && value_ == "null") {
      node.literal = nullptr;
    } else {
      return Unexpected("a string, a number, true, false or null");
    }
    Next();
    out.shape = Shape::kValue;
    return Add(std::move(node), offset, out.node);
  }

  bool ReadNumber(boost::json::value& value) {
    const char* first = value_.data();
    const char* last = first + value_.size();
    bool integral = value_.find_first_of(".eE") == std::string::npos;
    if (integral) {
      std::int64_t number = 0;
      auto [end, error] = std::from_chars(first, last, number);
      if (error == std::errc() && end == last) {
        value = number;
        return true;
      }
    }
    // from_chars for double is not in Debian 12's libstdc++ for every target; strtod
    // reads the same grammar, which the lexer has already checked.
    errno = 0;
    char* end = nullptr;
    double number = std::strtod(value_.c_str(), &end);
    if (errno == ERANGE || end != value_.c_str() + value_.size() || !std::isfinite(number)) {
      return Fail(start_, StrCat("the number ", value_.substr(0, 40), " is out of range"));
    }
    value = number;
    return true;
  }

  bool ParseOperand(Parsed& out, int depth) {
    if (token_ == Token::kLParen) {
      std::size_t offset = start_;
      if (!Enter(offset, depth + 1)) return false;
      Next();
      if (!ParseOr(out, depth + 1)) return false;
      if (token_ != Token::kRParen) return Unexpected("`)`");
      Next();
      return true;
    }
    if (token_ == Token::kLBracket) return Fail(start_, "a list can only follow `in`");
    if (token_ != Token::kName) return ParseLiteral(out);
    if (value_ == "true" || value_ == "false" || value_ == "null") return ParseLiteral(out);
    if (value_ == "body" || value_ == "headers" || value_ == "query" || value_ == "path") {
      return ParsePath(out);
    }
    if (value_ == "exists" || value_ == "len" || value_ == "contains" || value_ == "starts_with") {
      return ParseCall(out, depth);
    }
    if (value_ == "in") return Fail(start_, "`in` needs a value on its left");
    return Fail(start_, StrCat("unknown name `", value_.substr(0, 40),
                               "`: a field starts with body, headers, query or path; functions "
                               "are exists, len, contains and starts_with"));
  }

  bool ParsePath(Parsed& out) {
    Condition::Node node{Condition::Kind::kPath};
    std::size_t offset = start_;
    node.root = value_;
    const bool headers = node.root == "headers";
    Next();
    while (token_ == Token::kDot || token_ == Token::kLBracket) {
      if (node.segments.size() >= static_cast<std::size_t>(Condition::kMaxDepth)) {
        return Fail(start_, StrCat("a field path has at most ", Condition::kMaxDepth, " parts"));
      }
      Condition::Segment segment;
      if (token_ == Token::kDot) {
        Next();
        // Keywords are names here too: `body.in`, `body.not`.
        const bool word = token_ == Token::kName || token_ == Token::kAnd || token_ == Token::kOr ||
                          token_ == Token::kNot;
        if (!word || value_.empty()) {
          return Unexpected("a field name after `.`");
        }
        segment.key = value_;
      } else {
        Next();
        if (token_ == Token::kString) {
          segment.key = value_;
        } else if (token_ == Token::kNumber && value_.find_first_of(".eE-") == std::string::npos) {
          auto [end, error] =
              std::from_chars(value_.data(), value_.data() + value_.size(), segment.index);
          if (error != std::errc()) return Fail(start_, "this index is out of range");
        } else {
          return Unexpected("a quoted name or an index (`[\"x-region\"]`, `[0]`)");
        }
        Next();
        if (token_ != Token::kRBracket) return Unexpected("`]`");
      }
      if (headers && node.segments.empty()) {
        for (char& c : segment.key) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
      }
      node.segments.push_back(std::move(segment));
      Next();
    }
    out.shape = Shape::kValue;
    return Add(std::move(node), offset, out.node);
  }

  bool ParseCall(Parsed& out, int depth) {
    std::size_t offset = start_;
    std::string name = value_;
    if (!Enter(offset, depth + 1)) return false;
    Next();
    if (token_ != Token::kLParen) return Unexpected(StrCat("`(` after ", name));
    Next();
    const int arity = (name == "exists" || name == "len") ? 1 : 2;
    Parsed arguments[2];
    for (int i = 0; i < arity; ++i) {
      if (i > 0) {
        if (token_ != Token::kComma) return Unexpected(StrCat("`,`: ", name, " takes two values"));
        Next();
      }
      std::size_t argument_offset = start_;
      if (!ParseOperand(arguments[i], depth + 1)) return false;
      if (!RequireValue(arguments[i], argument_offset)) return false;
      if (name == "exists" && out_.nodes_[arguments[i].node].kind != Condition::Kind::kPath) {
        return Fail(argument_offset, "exists takes a field (`exists(body.metadata)`)");
      }
    }
    if (token_ != Token::kRParen) {
      return Unexpected(arity == 1 ? StrCat("`)`: ", name, " takes one value") : "`)`");
    }
    Next();
    Condition::Node node{name == "exists"     ? Condition::Kind::kExists
                         : name == "len"      ? Condition::Kind::kLen
                         : name == "contains" ? Condition::Kind::kContains
                                              : Condition::Kind::kStartsWith};
    node.left = arguments[0].node;
    node.right = arguments[arity - 1].node;
    out.shape = name == "len" ? Shape::kNumber : Shape::kCondition;
    return Add(std::move(node), offset, out.node);
  }

  std::string_view text_;
  Condition& out_;
  std::size_t pos_ = 0;
  std::size_t start_ = 0;
  Token token_ = Token::kEnd;
  std::string value_;
  bool unterminated_ = false;
  std::size_t bad_escape_ = std::string_view::npos;
  bool failed_ = false;
  ConditionError error_;
};

ParsedCondition ParseCondition(std::string_view text) {
  ParsedCondition result;
  if (text.size() > Condition::kMaxLength) {
    result.error = {1, StrCat("a condition is at most ", Condition::kMaxLength,
                              " characters; this one has ", text.size())};
    return result;
  }
  if (TrimWhitespace(text).empty()) {
    result.error = {1, "the condition is empty"};
    return result;
  }
  Condition condition;
  condition.text_ = std::string(text);
  ConditionParser parser(text, condition);
  if (!parser.Run()) {
    result.error = parser.error();
    return result;
  }
  result.condition = std::move(condition);
  return result;
}

}  // namespace icopilot::contract
