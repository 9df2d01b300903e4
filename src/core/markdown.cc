#include "core/markdown.h"

#include <cctype>
#include <cstdlib>
#include <memory>
#include <mutex>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

namespace icopilot {
namespace {

// cmark-gfm keeps its extension registry in a global: registered once, read after.
cmark_syntax_extension* TableExtension() {
  static cmark_syntax_extension* table = [] {
    cmark_gfm_core_extensions_ensure_registered();
    return cmark_find_syntax_extension("table");
  }();
  return table;
}

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) {
  constexpr int kOptions = CMARK_OPT_DEFAULT;  // never CMARK_OPT_UNSAFE
  std::unique_ptr<cmark_parser, decltype(&cmark_parser_free)> parser(cmark_parser_new(kOptions),
                                                                     &cmark_parser_free);
  if (cmark_syntax_extension* table = TableExtension(); table != nullptr)
    cmark_parser_attach_syntax_extension(parser.get(), table);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> document(
      cmark_parser_finish(parser.get()), &cmark_node_free);
  char* html =
      cmark_render_html(document.get(), kOptions, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out = html != nullptr ? html : "";
  // cmark-gfm allocates with its default memory functions (calloc/free).
  free(html);  // NOLINT(cppcoreguidelines-no-malloc)
  return out;
}

std::string MarkdownText(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (byte < 0x80 && (std::ispunct(byte) != 0)) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string HtmlText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace icopilot
