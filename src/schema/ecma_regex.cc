#include "schema/ecma_regex.h"

#include <re2/re2.h>

#include "core/strings.h"

namespace icopilot::schema {
namespace {

// ECMA-262's WhiteSpace and LineTerminator, which `\s` means there (RE2's is ASCII only).
constexpr std::string_view kEcmaSpace =
    "\\t\\n\\v\\f\\r "
    "\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}";

bool IsHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Translates the syntax; returns false with `why` for what RE2 cannot express.
bool Translate(std::string_view in, std::string& out, std::string& why) {
  bool in_class = false;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size()) {
      char e = in[++i];
      switch (e) {
        case 's':
          out += in_class ? std::string(kEcmaSpace) : StrCat("[", kEcmaSpace, "]");
          continue;
        case 'S':
          if (in_class) {
            why = "\\S inside a character class";
            return false;
          }
          out += StrCat("[^", kEcmaSpace, "]");
          continue;
        case 'u':
          if (i + 4 < in.size() && IsHex(in[i + 1]) && IsHex(in[i + 2]) && IsHex(in[i + 3]) &&
              IsHex(in[i + 4])) {
            out += StrCat("\\x{", in.substr(i + 1, 4), "}");
            i += 4;
            continue;
          }
          if (i + 1 < in.size() && in[i + 1] == '{') {  // \u{1F600} (u flag)
            std::size_t close = in.find('}', i);
            if (close != std::string_view::npos) {
              out += StrCat("\\x{", in.substr(i + 2, close - i - 2), "}");
              i = close;
              continue;
            }
          }
          break;
        case 'c':
          if (i + 1 < in.size() && std::isalpha(static_cast<unsigned char>(in[i + 1]))) {
            out += StrCat("\\x{", fmt::format("{:x}", in[i + 1] % 32), "}");
            ++i;
            continue;
          }
          break;
        case 'd':
          out += in_class ? "0-9" : "[0-9]";
          continue;
        case 'D':
          out += in_class ? "\\D" : "[^0-9]";
          continue;
        case '/':
          out += '/';
          continue;
        default:
          if (e >= '1' && e <= '9' && !in_class) {
            why = "backreferences";
            return false;
          }
          break;
      }
      out += '\\';
      out += e;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < in.size() && in[i + 1] == '^') out += in[++i];
      if (i + 1 < in.size() && in[i + 1] == ']') {  // `[]` matches nothing, `[^]` anything
        bool negated = out.back() == '^';
        out.erase(out.size() - (negated ? 2 : 1));
        out += negated ? "(?s:.)" : "[^\\x00-\\x{10FFFF}]";
        in_class = false;
        ++i;
      }
      continue;
    }
    if (c == '(' && in.substr(i).starts_with("(?<") && i + 3 < in.size() && in[i + 3] != '=' &&
        in[i + 3] != '!') {
      out += "(?P<";
      i += 2;
      continue;
    }
    if (c == '(' && (in.substr(i).starts_with("(?=") || in.substr(i).starts_with("(?!") ||
                     in.substr(i).starts_with("(?<=") || in.substr(i).starts_with("(?<!"))) {
      why = "lookaround";
      return false;
    }
    out += c;
  }
  return true;
}

}  // namespace

std::shared_ptr<const re2::RE2> CompileEcmaRegex(std::string_view pattern, std::string& why) {
  std::string translated;
  if (!Translate(pattern, translated, why)) return nullptr;
  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_capture(true);
  options.set_max_mem(std::int64_t{8} << 20);  // bounds the automaton a hostile pattern can build
  auto regex = std::make_shared<const re2::RE2>(translated, options);
  if (!regex->ok()) {
    why = regex->error();
    return nullptr;
  }
  return regex;
}

bool EcmaSearch(const re2::RE2& regex, std::string_view text) {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), regex);
}

}  // namespace icopilot::schema
