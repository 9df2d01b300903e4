// Counters, gauges and histograms rendered in the Prometheus text format. Thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace icopilot {

class Metrics {
 public:
  // `labels` is the rendered label set without braces: route="/x",status="200".
  void Increment(const std::string& name, const std::string& labels, double by = 1);
  void Observe(const std::string& name, const std::string& labels, double seconds);
  void AddGauge(const std::string& name, double delta);
  // HELP texts for the families rendered; set once at start.
  void Describe(const std::string& name, const std::string& type, const std::string& help);

  std::string Render() const;

  // Escapes a label value for the text format.
  static std::string Label(const std::string& key, const std::string& value);

 private:
  struct Histogram {
    std::vector<double> counts;  // one per bucket, cumulative when rendered
    double sum = 0;
    double count = 0;
  };
  struct Family {
    std::string type;
    std::string help;
    std::map<std::string, double> values;         // counters and gauges by label set
    std::map<std::string, Histogram> histograms;  // by label set
  };
  static const std::vector<double>& Buckets();

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;  // guarded by mutex_
};

}  // namespace icopilot
