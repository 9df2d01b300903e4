// A folder under /tmp removed with its contents when the test ends.
#pragma once

#include <filesystem>
#include <string>

namespace icopilot::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The whole file as text; "" when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

}  // namespace icopilot::testing
