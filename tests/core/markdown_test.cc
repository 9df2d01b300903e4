#include "core/markdown.h"

#include <gtest/gtest.h>

namespace icopilot {
namespace {

TEST(MarkdownTest, RendersGithubTables) {
  const std::string html = MarkdownToHtml("| a | b |\n|---|---|\n| 1 | 2 |\n");
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>2</td>"), std::string::npos) << html;
}

TEST(MarkdownTest, RawHtmlAndScriptLinksNeverBecomeMarkup) {
  const std::string html = MarkdownToHtml(
      "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) "
      "[y](https://example.com)\n");
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"https://example.com\""), std::string::npos) << html;
}

TEST(MarkdownTest, TextShowsAsWrittenEvenInATableCell) {
  const std::string name = "**Acme** | <b>x</b> [link](javascript:y) `code`\nsecond line";
  const std::string html = MarkdownToHtml("| name |\n|---|\n| " + MarkdownText(name) + " |\n");
  EXPECT_NE(html.find("<td>**Acme** | &lt;b&gt;x&lt;/b&gt; [link](javascript:y) `code` second "
                      "line</td>"),
            std::string::npos)
      << html;
  EXPECT_EQ(MarkdownText("Zürich 1"), "Zürich 1") << "letters, digits and non-ASCII stay";
}

TEST(MarkdownTest, HtmlTextEscapesWhatMarkupReads) {
  EXPECT_EQ(HtmlText(R"(<a href="x">'&'</a>)"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace
}  // namespace icopilot
