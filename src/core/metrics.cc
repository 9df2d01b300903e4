#include "core/metrics.h"

#include <fmt/format.h>

#include <iterator>

namespace icopilot {

const std::vector<double>& Metrics::Buckets() {
  static const std::vector<double> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                              0.05,   0.1,   0.25,   0.5,   1,    2.5, 5};
  return buckets;
}

void Metrics::Describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.type = type;
  family.help = help;
}

void Metrics::Increment(const std::string& name, const std::string& labels, double by) {
  std::lock_guard lock(mutex_);
  families_[name].values[labels] += by;
}

void Metrics::AddGauge(const std::string& name, double delta) {
  std::lock_guard lock(mutex_);
  families_[name].values[""] += delta;
}

void Metrics::Observe(const std::string& name, const std::string& labels, double seconds) {
  std::lock_guard lock(mutex_);
  Histogram& histogram = families_[name].histograms[labels];
  if (histogram.counts.empty()) histogram.counts.resize(Buckets().size());
  for (std::size_t i = 0; i < Buckets().size(); ++i) {
    if (seconds <= Buckets()[i]) {
      ++histogram.counts[i];
      break;
    }
  }
  histogram.sum += seconds;
  ++histogram.count;
}

std::string Metrics::Label(const std::string& key, const std::string& value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\' || c == '"') escaped.push_back('\\');
    if (c == '\n') {
      escaped += "\\n";
      continue;
    }
    escaped.push_back(c);
  }
  return fmt::format("{}=\"{}\"", key, escaped);
}

std::string Metrics::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  auto append = std::back_inserter(out);
  for (const auto& [name, family] : families_) {
    if (!family.help.empty()) fmt::format_to(append, "# HELP {} {}\n", name, family.help);
    if (!family.type.empty()) fmt::format_to(append, "# TYPE {} {}\n", name, family.type);
    for (const auto& [labels, value] : family.values) {
      if (labels.empty()) fmt::format_to(append, "{} {}\n", name, value);
      else fmt::format_to(append, "{}{{{}}} {}\n", name, labels, value);
    }
    for (const auto& [labels, histogram] : family.histograms) {
      std::string prefix = labels.empty() ? "" : labels + ",";
      double cumulative = 0;
      for (std::size_t i = 0; i < Buckets().size(); ++i) {
        cumulative += histogram.counts[i];
        fmt::format_to(append, "{}_bucket{{{}le=\"{}\"}} {}\n", name, prefix, Buckets()[i], cumulative);
      }
      fmt::format_to(append, "{}_bucket{{{}le=\"+Inf\"}} {}\n", name, prefix, histogram.count);
      std::string braces = labels.empty() ? "" : "{" + labels + "}";
      fmt::format_to(append, "{}_sum{} {}\n{}_count{} {}\n", name, braces, histogram.sum, name, braces,
                     histogram.count);
    }
  }
  return out;
}

}  // namespace icopilot
