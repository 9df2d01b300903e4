#include "core/memory.h"

#include <cstdlib>  // defines __GLIBC__ on glibc, before it is tested

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace icopilot {

void ReturnFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace icopilot
