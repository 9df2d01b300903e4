// The benches' timer: the fastest of `runs` runs of `f`, in seconds (the least disturbed
// by the rest of the machine).
#pragma once

#include <algorithm>
#include <chrono>

template <typename F>
double BestSeconds(int runs, F&& f) {
  double best = 1e18;
  for (int i = 0; i < runs; ++i) {
    auto started = std::chrono::steady_clock::now();
    f();
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return best;
}
