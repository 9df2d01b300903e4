// Markdown to HTML for reports served as documents (readiness reports), on cmark-gfm with
// GitHub's tables. Safe by construction: raw HTML in the text is left out and links to
// javascript:, vbscript:, file: and data: are dropped (cmark-gfm without CMARK_OPT_UNSAFE),
// so text a partner or vendor typed never becomes markup.
#pragma once

#include <string>
#include <string_view>

namespace icopilot {

std::string MarkdownToHtml(std::string_view markdown);

// `text` as Markdown that shows it as written: ASCII punctuation backslash-escaped (also
// `|`, so it is safe in a table cell), line breaks and tabs as spaces.
std::string MarkdownText(std::string_view text);

// `text` as HTML text or attribute value: & < > " ' escaped.
std::string HtmlText(std::string_view text);

}  // namespace icopilot
