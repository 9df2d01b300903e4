#include "cli/yaml_config.h"

#include <cstdlib>
#include <memory>
#include <sstream>

#include <libfyaml.h>

#include "core/isolated.h"
#include "core/strings.h"

namespace icopilot::cli {
namespace {

std::string Scalar(fy_node* node) {
  std::size_t length = 0;
  const char* text = fy_node_get_scalar(node, &length);
  return text == nullptr ? std::string() : std::string(text, length);
}

void Collect(fy_node* node, std::vector<std::string>& path, std::vector<CLI::ConfigItem>& items) {
  void* iterator = nullptr;
  while (fy_node_pair* pair = fy_node_mapping_iterate(node, &iterator)) {
    std::string key = Scalar(fy_node_pair_key(pair));
    fy_node* value = fy_node_pair_value(pair);
    if (value != nullptr && fy_node_get_type(value) == FYNT_MAPPING) {
      path.push_back(key);
      Collect(value, path, items);
      path.pop_back();
      continue;
    }
    CLI::ConfigItem item;
    item.parents = path;
    item.name = key;
    if (value != nullptr && fy_node_get_type(value) == FYNT_SEQUENCE) {
      void* element_iterator = nullptr;
      while (fy_node* element = fy_node_sequence_iterate(value, &element_iterator)) {
        item.inputs.push_back(ExpandEnvironment(Scalar(element)));
      }
    } else {
      item.inputs.push_back(value == nullptr ? std::string() : ExpandEnvironment(Scalar(value)));
    }
    items.push_back(std::move(item));
  }
}

}  // namespace

std::string ExpandEnvironment(const std::string& value) {
  std::string out;
  std::size_t position = 0;
  while (position < value.size()) {
    std::size_t open = value.find("${", position);
    if (open == std::string::npos) break;
    std::size_t close = value.find('}', open);
    if (close == std::string::npos) break;
    out.append(value, position, open - position);
    std::string name = value.substr(open + 2, close - open - 2);
    const char* found = std::getenv(name.c_str());
    if (found == nullptr) {
      throw CLI::ConversionError("icopilot.yaml refers to ${" + name +
                                 "}, which is not set in the environment");
    }
    out += found;
    position = close + 1;
  }
  out.append(value, position, std::string::npos);
  return out;
}

std::string YamlConfig::to_config(const CLI::App*, bool, bool, std::string) const { return {}; }

std::vector<CLI::ConfigItem> YamlConfig::from_config(std::istream& input) const {
  std::stringstream buffer;
  buffer << input.rdbuf();
  std::string text = buffer.str();
  // libfyaml 0.7.12 loops forever on some invalid UTF-8 after a directive (found by
  // fuzz/yaml_config_fuzz.cc); YAML must be Unicode text anyway, so check first.
  std::size_t bad = text.find('\0');
  std::size_t invalid = 0;
  if (!IsValidUtf8(text, &invalid)) bad = std::min(bad, invalid);
  if (bad != std::string::npos) {
    throw CLI::ConversionError("the config file is not UTF-8 text (bad byte at offset " +
                               std::to_string(bad) + ")");
  }
  fy_parse_cfg config{};
  config.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET);
  // As specs are (decision 0009): libfyaml may crash cleaning up after some errors, so the
  // text is parsed in a child first. Aliases are never expanded here (Collect reads what
  // is written), so an alias bomb costs no more than its text.
  auto checked = RunIsolated(
      [&](std::string&) {
        fy_document* built = fy_document_build_from_string(&config, text.data(), text.size());
        if (built == nullptr) return 1;
        fy_document_destroy(built);
        return 0;
      },
      std::chrono::seconds(10));
  if (!checked.ok()) {
    throw CLI::ConversionError(
        StrCat("the config file could not be read: the YAML library ", checked.status().message()));
  }
  if (checked->code != 0) throw CLI::ConversionError("the config file is not valid YAML");
  std::unique_ptr<fy_document, decltype(&fy_document_destroy)> document(
      fy_document_build_from_string(&config, text.data(), text.size()), &fy_document_destroy);
  if (!document) throw CLI::ConversionError("the config file is not valid YAML");
  fy_node* root = fy_document_root(document.get());
  std::vector<CLI::ConfigItem> found;
  if (root == nullptr) return found;
  if (fy_node_get_type(root) != FYNT_MAPPING) {
    throw CLI::ConversionError("the config file must be a mapping of command names to their flags");
  }
  std::vector<std::string> path;
  Collect(root, path, found);
  return found;
}

}  // namespace icopilot::cli
