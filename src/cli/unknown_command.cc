#include "cli/unknown_command.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/strings.h"

namespace icopilot::cli {

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> UnknownCommand(const CLI::App& root, int argc, char** argv) {
  const CLI::App* current = &root;
  std::string path = "icopilot";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.starts_with("-")) {
      // An option's value is not a command: skip it when the option takes one.
      if (word == "--config") {
        ++i;
      } else if (word.find('=') == std::string::npos) {
        const CLI::Option* option = current->get_option_no_throw(word);
        if (option != nullptr && option->get_type_size() > 0) ++i;
      }
      continue;
    }
    const auto subcommands = current->get_subcommands([](const CLI::App*) { return true; });
    if (subcommands.empty()) return std::nullopt;  // the rest are arguments
    const CLI::App* next = nullptr;
    for (const auto* sub : subcommands)
      if (sub->check_name(word)) next = sub;
    if (next != nullptr) {
      current = next;
      path += " " + word;
      continue;
    }
    // Known commands, the nearest first; one a typo away is offered as the likely one.
    std::vector<std::pair<std::size_t, std::string>> known;
    for (const auto* sub : subcommands) {
      const std::string name = sub->get_name();
      known.emplace_back(name.starts_with(word) ? 0 : EditDistance(word, name), name);
    }
    std::sort(known.begin(), known.end());
    const std::string within = path.size() > 9 ? path.substr(9) + " " : "";
    std::string message = StrCat("unknown command '", within, word, "'.");
    if (known.front().first <= std::max<std::size_t>(2, word.size() / 3))
      message += StrCat(" Did you mean '", within, known.front().second, "'?");
    else
      std::sort(known.begin(), known.end(),
                [](const auto& a, const auto& b) { return a.second < b.second; });
    message += StrCat(" The commands of ", path, ": ");
    for (std::size_t k = 0; k < known.size(); ++k)
      message += StrCat(k == 0 ? "" : ", ", known[k].second);
    message += StrCat(". See '", path, " --help'.");
    return message;
  }
  return std::nullopt;
}

}  // namespace icopilot::cli
