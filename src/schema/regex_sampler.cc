#include "schema/regex_sampler.h"

#include <cctype>
#include <memory>
#include <vector>

namespace icopilot::schema {
namespace {

struct Item {
  enum Kind { kLiteral, kClass, kGroup } kind = kLiteral;
  std::string literal;                          // kLiteral: bytes (one UTF-8 character)
  std::string chars;                            // kClass: the allowed ASCII characters
  std::vector<std::vector<Item>> alternatives;  // kGroup
  int min = 1, max = 1;                         // repetition; max -1: unbounded
};

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kWord =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
constexpr std::string_view kSpace = " ";
// What "any character" and negated classes draw from: printable ASCII.
std::string Printable() {
  std::string out;
  for (char c = 0x20; c < 0x7f; ++c) out += c;
  return out;
}

std::string Utf8(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// The printable ASCII a Unicode property class contains (a subset is enough: samples
// are checked against RE2 afterwards).
std::string AsciiOfProperty(std::string_view property) {
  if (property.starts_with("L")) return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  if (property.starts_with("N")) return "0123456789";
  if (property.starts_with("Z")) return " ";
  if (property.starts_with("P")) return ".,-_:;!?";
  if (property.starts_with("S")) return "+$<=>^`|~";
  return "";
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool Parse(std::vector<std::vector<Item>>& out) {
    if (!Alternatives(out)) return false;
    return at_ == text_.size();
  }

 private:
  bool Alternatives(std::vector<std::vector<Item>>& out) {
    out.emplace_back();
    while (at_ < text_.size() && text_[at_] != ')') {
      if (text_[at_] == '|') {
        ++at_;
        out.emplace_back();
        continue;
      }
      Item item;
      if (!Atom(item)) return false;
      if (!Quantifier(item)) return false;
      if (!skip_) out.back().push_back(std::move(item));
      skip_ = false;
    }
    return true;
  }

  bool Atom(Item& item) {
    char c = text_[at_++];
    switch (c) {
      case '^':
      case '$':
        skip_ = true;  // anchors: the sample is the whole match
        return true;
      case '.':
        item.kind = Item::kClass;
        item.chars = Printable();
        return true;
      case '(': {
        if (text_.substr(at_).starts_with("?:")) {
          at_ += 2;
        } else if (text_.substr(at_).starts_with("?<") && at_ + 2 < text_.size() &&
                   text_[at_ + 2] != '=' && text_[at_ + 2] != '!') {
          at_ = text_.find('>', at_);
          if (at_ == std::string_view::npos) return false;
          ++at_;
        } else if (text_.substr(at_).starts_with("?P<")) {
          at_ = text_.find('>', at_);
          if (at_ == std::string_view::npos) return false;
          ++at_;
        } else if (at_ < text_.size() && text_[at_] == '?') {
          return false;  // lookaround and flags
        }
        item.kind = Item::kGroup;
        if (!Alternatives(item.alternatives)) return false;
        if (at_ >= text_.size() || text_[at_] != ')') return false;
        ++at_;
        return true;
      }
      case '[':
        return Class(item);
      case '\\':
        return Escape(item, false);
      case '*':
      case '+':
      case '?':
      case '{':
        return false;  // a quantifier with nothing to repeat
      default:
        item.kind = Item::kLiteral;
        item.literal = std::string(1, c);
        // keep a UTF-8 character whole
        while (at_ < text_.size() && (static_cast<unsigned char>(text_[at_]) & 0xC0) == 0x80)
          item.literal += text_[at_++];
        return true;
    }
  }

  // An escape outside or inside a class; inside, appends to item.chars.
  bool Escape(Item& item, bool in_class) {
    if (at_ >= text_.size()) return false;
    char e = text_[at_++];
    std::string set;
    switch (e) {
      case 'd':
        set = std::string(kDigits);
        break;
      case 'w':
        set = std::string(kWord);
        break;
      case 's':
        set = std::string(kSpace);
        break;
      case 'D':
      case 'W':
      case 'S': {
        std::string_view excluded = e == 'D'   ? kDigits
                                    : e == 'W' ? kWord
                                               : std::string_view(" \t\n\r\f\v");
        for (char c : Printable()) {
          if (excluded.find(c) == std::string_view::npos) set += c;
        }
        break;
      }
      case 'n':
        set = "\n";
        break;
      case 't':
        set = "\t";
        break;
      case 'r':
        set = "\r";
        break;
      case 'b':
      case 'B':
        if (in_class) return false;
        skip_ = true;
        return true;
      case 'u':
      case 'x': {
        std::uint32_t cp = 0;
        if (!CodePoint(e, cp)) return false;
        if (in_class) {
          pending_code_point_ = cp;
          has_pending_ = true;
          if (cp >= 0x20 && cp < 0x7f) set = std::string(1, static_cast<char>(cp));
          break;
        }
        item.kind = Item::kLiteral;
        item.literal = Utf8(cp);
        return true;
      }
      case 'p': {
        if (at_ >= text_.size() || text_[at_] != '{') return false;
        std::size_t close = text_.find('}', at_);
        if (close == std::string_view::npos) return false;
        set = AsciiOfProperty(text_.substr(at_ + 1, close - at_ - 1));
        at_ = close + 1;
        if (set.empty() && !in_class) return false;  // in a class, other members may do
        break;
      }
      case 'P':
      case 'c':
      case 'k':
        return false;
      default:
        if (std::isdigit(static_cast<unsigned char>(e))) return false;  // backreference
        set = std::string(1, e);
    }
    if (in_class) {
      item.chars += set;
    } else if (set.size() == 1) {
      item.kind = Item::kLiteral;
      item.literal = set;
    } else {
      item.kind = Item::kClass;
      item.chars = set;
    }
    return true;
  }

  // After \u or \x: XXXX, {X...} or XX.
  bool CodePoint(char kind, std::uint32_t& cp) {
    auto hex = [&](std::size_t n) {
      if (at_ + n > text_.size()) return false;
      cp = 0;
      for (std::size_t i = 0; i < n; ++i) {
        char h = text_[at_ + i];
        if (!std::isxdigit(static_cast<unsigned char>(h))) return false;
        cp = cp * 16 + static_cast<std::uint32_t>(std::isdigit(static_cast<unsigned char>(h))
                                                      ? h - '0'
                                                      : (std::tolower(h) - 'a' + 10));
      }
      at_ += n;
      return true;
    };
    if (kind == 'x') return hex(2);
    if (at_ < text_.size() && text_[at_] == '{') {
      std::size_t close = text_.find('}', at_);
      if (close == std::string_view::npos || close - at_ > 7) return false;
      ++at_;
      if (!hex(close - at_)) return false;
      ++at_;
      return cp <= 0x10FFFF;
    }
    return hex(4);
  }

  bool Class(Item& item) {
    item.kind = Item::kClass;
    bool negated = at_ < text_.size() && text_[at_] == '^';
    if (negated) ++at_;
    std::string chars;
    bool first = true;
    while (at_ < text_.size() && (text_[at_] != ']' || first)) {
      first = false;
      char c = text_[at_++];
      if (c == '\\') {
        Item inner;
        has_pending_ = false;
        if (!Escape(inner, true)) return false;
        chars += inner.chars;
        // A range between code points: keep its printable ASCII part.
        if (has_pending_ && at_ + 1 < text_.size() && text_[at_] == '-' && text_[at_ + 1] != ']') {
          std::uint32_t low = pending_code_point_, high = 0;
          ++at_;
          if (text_[at_] == '\\' && at_ + 1 < text_.size() &&
              (text_[at_ + 1] == 'u' || text_[at_ + 1] == 'x')) {
            at_ += 2;
            if (!CodePoint(text_[at_ - 1], high)) return false;
          } else if (static_cast<unsigned char>(text_[at_]) < 0x80) {
            high = static_cast<unsigned char>(text_[at_++]);
          } else {
            return false;
          }
          for (std::uint32_t x = std::max<std::uint32_t>(low, 0x20);
               x <= std::min<std::uint32_t>(high, 0x7e); ++x) {
            chars += static_cast<char>(x);
          }
        }
        continue;
      }
      if (static_cast<unsigned char>(c) >= 0x80) return false;  // non-ASCII ranges
      if (at_ + 1 < text_.size() && text_[at_] == '-' && text_[at_ + 1] != ']') {
        std::uint32_t high = static_cast<unsigned char>(text_[at_ + 1]);
        at_ += 2;
        if (high == '\\') {
          if (at_ >= text_.size() || (text_[at_] != 'u' && text_[at_] != 'x')) return false;
          ++at_;
          if (!CodePoint(text_[at_ - 1], high)) return false;
        } else if (high >= 0x80) {
          return false;
        }
        if (high < static_cast<unsigned char>(c)) return false;
        for (std::uint32_t x = static_cast<unsigned char>(c);
             x <= std::min<std::uint32_t>(high, 0x7e); ++x) {
          chars += static_cast<char>(x);
        }
        continue;
      }
      chars += c;
    }
    if (at_ >= text_.size()) return false;
    ++at_;  // ']'
    if (negated) {
      std::string allowed;
      for (char c : Printable()) {
        if (chars.find(c) == std::string::npos) allowed += c;
      }
      chars = allowed;
    }
    if (chars.empty()) return false;
    item.chars = chars;
    return true;
  }

  bool Quantifier(Item& item) {
    if (at_ >= text_.size()) return true;
    char c = text_[at_];
    if (c == '*' || c == '+' || c == '?') {
      ++at_;
      item.min = c == '+' ? 1 : 0;
      item.max = c == '?' ? 1 : -1;
    } else if (c == '{') {
      std::size_t close = text_.find('}', at_);
      if (close == std::string_view::npos) return true;  // a literal '{' in ECMA-262
      std::string_view body = text_.substr(at_ + 1, close - at_ - 1);
      std::size_t comma = body.find(',');
      auto number = [](std::string_view s, int& out) {
        if (s.empty() || s.size() > 4) return false;
        out = 0;
        for (char d : s) {
          if (!std::isdigit(static_cast<unsigned char>(d))) return false;
          out = out * 10 + (d - '0');
        }
        return true;
      };
      int low = 0, high = 0;
      if (comma == std::string_view::npos) {
        if (!number(body, low)) return false;
        high = low;
      } else {
        if (!number(body.substr(0, comma), low)) return false;
        if (comma + 1 == body.size())
          high = -1;
        else if (!number(body.substr(comma + 1), high) || high < low)
          return false;
      }
      item.min = low;
      item.max = high;
      at_ = close + 1;
    } else {
      return true;
    }
    if (at_ < text_.size() && text_[at_] == '?') ++at_;  // lazy: same strings
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  bool skip_ = false;
  std::uint32_t pending_code_point_ = 0;
  bool has_pending_ = false;
};

void Emit(const std::vector<Item>& sequence, std::mt19937_64& rng, int extra, std::string& out,
          int depth);

void EmitItem(const Item& item, std::mt19937_64& rng, int extra, std::string& out, int depth) {
  int high = item.max < 0 ? item.min + 1 + extra : item.max;
  int count = item.min + static_cast<int>(rng() % static_cast<std::uint64_t>(high - item.min + 1));
  if (item.max < 0 && extra > 0) count = item.min + extra;
  for (int i = 0; i < count; ++i) {
    switch (item.kind) {
      case Item::kLiteral:
        out += item.literal;
        break;
      case Item::kClass:
        out += item.chars[rng() % item.chars.size()];
        break;
      case Item::kGroup: {
        const auto& branch = item.alternatives[rng() % item.alternatives.size()];
        Emit(branch, rng, extra, out, depth + 1);
        break;
      }
    }
    if (out.size() > 4096) return;
  }
}

void Emit(const std::vector<Item>& sequence, std::mt19937_64& rng, int extra, std::string& out,
          int depth) {
  if (depth > 32) return;
  for (const Item& item : sequence) EmitItem(item, rng, extra, out, depth);
}

}  // namespace

std::optional<std::string> SampleRegex(std::string_view pattern, std::mt19937_64& rng,
                                       int extra_repeats) {
  std::vector<std::vector<Item>> alternatives;
  Parser parser(pattern);
  if (!parser.Parse(alternatives) || alternatives.empty()) return std::nullopt;
  std::string out;
  Emit(alternatives[rng() % alternatives.size()], rng, extra_repeats, out, 0);
  return out;
}

}  // namespace icopilot::schema
