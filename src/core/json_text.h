// The text a JSON document is parsed from: in memory, or a file read piece by piece.
//
// A file is read with pread, by whichever thread parses a part of it, into a buffer of
// its own: it is never held whole, and a file that shrinks while it is read (an editor
// saving over it under `mock --watch`) ends in an error. A mapping would end in SIGBUS.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace icopilot {

class JsonText {
 public:
  explicit JsonText(std::string_view text) : memory_(text), size_(text.size()) {}
  // `size` bytes of the open file `fd` from `offset` on; `fd` stays the caller's.
  JsonText(int fd, std::size_t offset, std::size_t size) : fd_(fd), offset_(offset), size_(size) {}

  std::size_t size() const { return size_; }

  // Hands bytes [begin, end) to `consume` in order, in pieces of at most `kPiece`; stops
  // at the first error, a read's or `consume`'s.
  static constexpr std::size_t kPiece = std::size_t{256} << 10;
  absl::Status Feed(std::size_t begin, std::size_t end,
                    const std::function<absl::Status(std::string_view)>& consume) const;
  // Bytes [begin, end) in one string (a window to look at, or the whole text when a rare
  // case needs it).
  absl::StatusOr<std::string> Copy(std::size_t begin, std::size_t end) const;

 private:
  std::string_view memory_;
  int fd_ = -1;
  std::size_t offset_ = 0;
  std::size_t size_ = 0;
};

}  // namespace icopilot
