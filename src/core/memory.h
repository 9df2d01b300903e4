// Memory the process freed but the C library still holds. glibc keeps freed heap in its
// arenas for reuse, so after one big parse (a 1.4 KB YAML alias bomb expanded to a million
// values before it was refused) `serve` stayed 2 GB resident for good (issue 16).
#pragma once

namespace icopilot {

// Hands the free pages of every malloc arena back to the operating system
// (glibc's malloc_trim); does nothing elsewhere or under a sanitizer's allocator.
void ReturnFreedMemory();

}  // namespace icopilot
