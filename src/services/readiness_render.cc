#include "services/readiness_render.h"

#include <boost/json/array.hpp>

#include "core/clock.h"
#include "core/markdown.h"
#include "core/strings.h"

namespace icopilot::services {
namespace {

boost::json::value RunJson(const std::optional<store::RunRecord>& run) {
  if (!run) return nullptr;
  return boost::json::object{
      {"id", run->id},
      {"spec_version_id", run->spec_version_id},
      {"passed", run->passed ? boost::json::value(*run->passed) : nullptr},
      {"finished_at",
       run->finished_at ? boost::json::value(FormatTimestamp(*run->finished_at)) : nullptr}};
}

boost::json::array CasesJson(const std::vector<ReadinessCase>& cases) {
  boost::json::array out;
  for (const auto& one : cases) {
    out.push_back({{"position", one.position},
                   {"case_id", one.case_id},
                   {"category", one.category},
                   {"operation_id", one.operation_id},
                   {"status", one.status},
                   {"reason", one.reason}});
  }
  return out;
}

std::string VerdictWords(const ReadinessEnvironment& env) {
  if (env.verdict == "ready") return "ready: every required category passed";
  if (env.verdict == "blocked") return StrCat("blocked: ", BlockedBy(env));
  if (env.verdict == "incomplete") return "incomplete: no run yet covered every required category";
  return "no run yet";
}

std::string Code(std::string_view text) {
  // A code span cannot hold its own delimiter safely: such ids are shown as escaped text.
  if (text.find('`') != std::string_view::npos || text.empty()) return MarkdownText(text);
  return StrCat("`", text, "`");
}

std::string RunLink(std::string_view run_id, std::string_view portal) {
  if (portal.empty()) return Code(run_id);
  return StrCat("[", Code(run_id), "](", portal, "/runs/", run_id, ")");
}

std::string CaseLine(const ReadinessCase& c, std::string_view run_id, std::string_view portal) {
  std::string line = StrCat("- ", Code(c.case_id));
  if (!c.operation_id.empty()) line += StrCat(" on ", Code(c.operation_id));
  line += StrCat(" (", MarkdownText(c.category), ")");
  if (!c.reason.empty()) line += StrCat(": ", MarkdownText(c.reason));
  if (!portal.empty()) line += StrCat(" ([the run](", portal, "/runs/", run_id, "))");
  return line + "\n";
}

void CaseSection(std::string& md, std::string_view title, const std::vector<ReadinessCase>& cases,
                 std::string_view run_id, std::string_view portal) {
  if (cases.empty()) return;
  md += StrCat("\n#### ", title, " (", cases.size(), ")\n\n");
  for (const auto& c : cases) md += CaseLine(c, run_id, portal);
}

std::string FirstLine(std::string_view text) {
  const std::size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  if (line.size() > 160) return StrCat(line.substr(0, 157), "...");
  return std::string(line);
}

constexpr std::string_view kPageStyle = R"css(
body { font: 15px/1.5 system-ui, sans-serif; color: #1d2330; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d5d9e0; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { border: 1px solid #c9ced8; padding: 0.25rem 0.6rem; text-align: left; }
th { background: #eef1f5; } code { background: #eef1f5; padding: 0 0.2rem; border-radius: 3px; }
a { color: #1d4ed8; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } a { color: inherit; } h2 { break-after: avoid; } tr { break-inside: avoid; } }
)css";

}  // namespace

boost::json::object ReadinessJson(const ReadinessReport& report) {
  boost::json::array environments;
  for (const auto& env : report.environments) {
    boost::json::array categories;
    for (const auto& c : env.categories) {
      categories.push_back({{"category", c.category},
                            {"required", c.required},
                            {"verdict", c.verdict},
                            {"passed", c.passed},
                            {"failed", c.failed},
                            {"warnings", c.warnings},
                            {"not_set_up", c.not_set_up}});
    }
    environments.push_back({{"id", env.id},
                            {"name", env.name},
                            {"verdict", env.verdict},
                            {"run", RunJson(env.run)},
                            {"categories", std::move(categories)},
                            {"failures", CasesJson(env.failures)},
                            {"warnings", CasesJson(env.warnings)},
                            {"gaps", CasesJson(env.gaps)}});
  }
  boost::json::array traffic;
  for (const auto& t : report.traffic) {
    traffic.push_back({{"environment_id", t.environment_id},
                       {"operation_id", t.operation_id},
                       {"calls", t.calls},
                       {"client_errors", t.client_errors},
                       {"server_errors", t.server_errors},
                       {"with_violations", t.with_violations},
                       {"last_at", FormatTimestamp(t.last_at)}});
  }
  boost::json::array open_items;
  for (const auto& item : report.open_items) {
    open_items.push_back(
        {{"id", item.id},
         {"phase", item.phase},
         {"phase_name", item.phase_name},
         {"title", item.title},
         {"owner", item.owner_side},
         {"due_at", item.due_at ? boost::json::value(FormatTimestamp(*item.due_at)) : nullptr}});
  }
  boost::json::array notes;
  std::int64_t acknowledged = 0;
  for (const auto& note : report.notes) {
    acknowledged += note.acknowledged ? 1 : 0;
    notes.push_back({{"id", note.id},
                     {"kind", note.kind},
                     {"operation_id", note.operation_id},
                     {"summary", FirstLine(note.message)},
                     {"acknowledged", note.acknowledged}});
  }
  return {{"project_id", report.project_id},
          {"project_name", report.project_name},
          {"partner_id", report.partner_org_id},
          {"partner_name", report.partner_name},
          {"invited_at", FormatTimestamp(report.invited_at)},
          {"generated_at", FormatTimestamp(report.generated_at)},
          {"environments", std::move(environments)},
          {"traffic_since", FormatTimestamp(report.traffic_since)},
          {"traffic", std::move(traffic)},
          {"open_items", std::move(open_items)},
          {"notes", std::move(notes)},
          {"notes_acknowledged", acknowledged}};
}

std::string ReadinessMarkdown(const ReadinessReport& report, std::string_view portal) {
  std::string md = StrCat("# Readiness of ", MarkdownText(report.partner_name), " for ",
                          MarkdownText(report.project_name), "\n\n");
  md += StrCat("Generated ", FormatTimestamp(report.generated_at), ". Invited ",
               FormatTimestamp(report.invited_at), ".\n\n");
  md += "## Environments\n\n";
  if (report.environments.empty())
    md += "The project has no environment yet.\n";
  else
    md += "| Environment | Verdict | Deciding run | Finished |\n|---|---|---|---|\n";
  for (const auto& env : report.environments) {
    md += StrCat("| ", MarkdownText(env.name), " | ", VerdictWords(env), " | ",
                 env.run ? RunLink(env.run->id, portal) : "", " | ",
                 env.run && env.run->finished_at ? FormatTimestamp(*env.run->finished_at) : "",
                 " |\n");
  }
  for (const auto& env : report.environments) {
    if (!env.run) continue;
    md += StrCat("\n### ", MarkdownText(env.name), ": ", env.verdict, "\n\n");
    md += StrCat("Run ", RunLink(env.run->id, portal), " on spec version ",
                 Code(env.run->spec_version_id), ".\n\n");
    md +=
        "| Category | Required | Verdict | Passed | Failed | Warnings | Could not set up |\n"
        "|---|---|---|---|---|---|---|\n";
    for (const auto& c : env.categories) {
      md += StrCat("| ", MarkdownText(c.category), " | ", c.required ? "yes" : "no", " | ",
                   c.verdict == "failed" ? "**failed**" : c.verdict, " | ", c.passed, " | ",
                   c.failed, " | ", c.warnings, " | ", c.not_set_up, " |\n");
    }
    CaseSection(md, "Failures", env.failures, env.run->id, portal);
    CaseSection(md, "Warnings", env.warnings, env.run->id, portal);
    CaseSection(md, "Could not set up", env.gaps, env.run->id, portal);
  }
  md += StrCat("\n## Traffic since ", FormatTimestamp(report.traffic_since), "\n\n");
  if (report.traffic.empty()) {
    md += "No call traced.\n";
  } else {
    md +=
        "| Environment | Operation | Calls | 4xx | 5xx or no answer | With violations | Last call "
        "|\n"
        "|---|---|---|---|---|---|---|\n";
    for (const auto& t : report.traffic) {
      std::string environment = t.environment_id;
      for (const auto& env : report.environments)
        if (env.id == t.environment_id) environment = env.name;
      md += StrCat("| ", MarkdownText(environment), " | ",
                   t.operation_id.empty() ? "(no operation matched)" : Code(t.operation_id), " | ",
                   t.calls, " | ", t.client_errors, " | ", t.server_errors, " | ",
                   t.with_violations, " | ", FormatTimestamp(t.last_at), " |\n");
    }
  }
  md += StrCat("\n## Open plan items (", report.open_items.size(), ")\n\n");
  if (report.open_items.empty()) md += "None: every item of the plan is done.\n";
  for (const auto& item : report.open_items) {
    md += StrCat("- ", MarkdownText(item.phase_name), ": **", MarkdownText(item.title), "** (",
                 item.owner_side,
                 item.due_at ? StrCat(", due ", FormatTimestamp(*item.due_at)) : "", ")\n");
  }
  std::int64_t acknowledged = 0;
  for (const auto& note : report.notes) acknowledged += note.acknowledged ? 1 : 0;
  md += StrCat("\n## The vendor's notes: ", acknowledged, " of ", report.notes.size(),
               " acknowledged\n\n");
  for (const auto& note : report.notes) {
    md += StrCat("- ", note.acknowledged ? "acknowledged" : "**not acknowledged**", ": ",
                 MarkdownText(note.kind),
                 note.operation_id.empty() ? "" : StrCat(" on ", Code(note.operation_id)), ": ",
                 MarkdownText(FirstLine(note.message)), "\n");
  }
  return md;
}

std::string ReadinessHtml(const ReadinessReport& report, std::string_view portal) {
  return StrCat(
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
      HtmlText(StrCat("Readiness of ", report.partner_name, " for ", report.project_name)),
      "</title>\n<style>", kPageStyle, "</style>\n</head>\n<body>\n<main>\n",
      MarkdownToHtml(ReadinessMarkdown(report, portal)), "</main>\n</body>\n</html>\n");
}

}  // namespace icopilot::services
