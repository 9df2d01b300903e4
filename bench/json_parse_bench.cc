// The ceiling for spec loading: best of N bare Boost.JSON parses of a file already in
// memory. Prints milliseconds.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <boost/json/parse.hpp>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: json_parse_bench FILE [RUNS]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  double best = 1e18;
  for (int i = 0; i < runs; ++i) {
    auto started = std::chrono::steady_clock::now();
    auto value = boost::json::parse(text);
    best = std::min(
        best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                  .count());
    if (!value.is_object()) return 1;
  }
  std::printf("%.1f\n", best);
  return 0;
}
