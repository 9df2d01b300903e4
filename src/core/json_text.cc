#include "core/json_text.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <unistd.h>

#include "core/status_macros.h"
#include "core/strings.h"

namespace icopilot {

absl::Status JsonText::Feed(std::size_t begin, std::size_t end,
                            const std::function<absl::Status(std::string_view)>& consume) const {
  end = std::min(end, size_);
  if (fd_ < 0) {
    for (; begin < end; begin += kPiece)
      RETURN_IF_ERROR(consume(memory_.substr(begin, std::min(kPiece, end - begin))));
    return absl::OkStatus();
  }
  std::string buffer(std::min(kPiece, end > begin ? end - begin : 0), '\0');
  while (begin < end) {
    const std::size_t wanted = std::min(buffer.size(), end - begin);
    const ssize_t got = ::pread(fd_, buffer.data(), wanted, static_cast<off_t>(offset_ + begin));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return absl::DataLossError(
          StrCat("reading at byte ", offset_ + begin, ": ", std::strerror(errno)));
    }
    if (got == 0) {
      return absl::DataLossError(StrCat("the file ended at byte ", offset_ + begin, " of ",
                                        offset_ + size_, " (did it change while it was read?)"));
    }
    RETURN_IF_ERROR(consume(std::string_view(buffer.data(), static_cast<std::size_t>(got))));
    begin += static_cast<std::size_t>(got);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> JsonText::Copy(std::size_t begin, std::size_t end) const {
  end = std::min(end, size_);
  std::string out;
  if (end <= begin) return out;
  out.reserve(end - begin);
  RETURN_IF_ERROR(Feed(begin, end, [&out](std::string_view piece) {
    out.append(piece);
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace icopilot
