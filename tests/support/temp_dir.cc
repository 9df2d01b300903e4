#include "support/temp_dir.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace icopilot::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "icopilot-test-XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  if (made == nullptr) std::abort();  // no temp space: no test can run
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace icopilot::testing
