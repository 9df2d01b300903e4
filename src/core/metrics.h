// Counters, gauges and histograms rendered in the Prometheus text format. Thread-safe.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace icopilot {

class Metrics {
 public:
  // `labels` is the rendered label set without braces: route="/x",status="200".
  void Increment(const std::string& name, const std::string& labels, double by = 1);
  void Observe(const std::string& name, const std::string& labels, double seconds);
  // HELP texts for the families rendered; set once at start.
  void Describe(const std::string& name, const std::string& type, const std::string& help);

  // The hot path: one lock for a request's counter and latency, no label formatting.
  // Rendered as icopilot_http_requests_total{route,method,status} and
  // icopilot_http_request_duration_seconds{route}.
  void RecordRequest(const std::string& route, std::string_view method, int status, double seconds);

  // A gauge read when rendering (for values kept in atomics elsewhere).
  void AddGaugeCallback(const std::string& name, const std::string& help, std::function<double()> read);

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

  static void RenderHistogram(std::string& out, const std::string& name, const std::string& labels,
                              const Histogram& histogram);
  static void Add(Histogram& histogram, double seconds);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;  // guarded by mutex_
  std::map<std::tuple<std::string, std::string, int>, double> request_counts_;  // guarded by mutex_
  std::map<std::string, Histogram> request_latency_;                             // guarded by mutex_
  std::vector<std::tuple<std::string, std::string, std::function<double()>>> gauge_callbacks_;  // guarded by mutex_
};

}  // namespace icopilot
