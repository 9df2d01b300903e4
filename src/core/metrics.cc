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

void Metrics::Add(Histogram& histogram, double seconds) {
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

void Metrics::Observe(const std::string& name, const std::string& labels, double seconds) {
  std::lock_guard lock(mutex_);
  Add(families_[name].histograms[labels], seconds);
}

void Metrics::RecordRequest(const std::string& route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  // Heterogeneous lookup would avoid the key copy, but std::map<tuple> lacks it; the
  // copy is two short strings.
  request_counts_[{route, std::string(method), status}] += 1;
  Add(request_latency_[route], seconds);
}

void Metrics::AddGaugeCallback(const std::string& name, const std::string& help, std::function<double()> read) {
  std::lock_guard lock(mutex_);
  gauge_callbacks_.emplace_back(name, help, std::move(read));
}

void Metrics::RenderHistogram(std::string& out, const std::string& name, const std::string& labels,
                              const Histogram& histogram) {
  auto append = std::back_inserter(out);
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
    for (const auto& [labels, histogram] : family.histograms) RenderHistogram(out, name, labels, histogram);
  }
  if (!request_counts_.empty()) {
    out += "# HELP icopilot_http_requests_total HTTP requests by route, method and status\n"
           "# TYPE icopilot_http_requests_total counter\n";
    for (const auto& [key, count] : request_counts_) {
      const auto& [route, method, status] = key;
      fmt::format_to(append, "icopilot_http_requests_total{{{},{},{}}} {}\n", Label("route", route),
                     Label("method", method), Label("status", std::to_string(status)), count);
    }
    out += "# HELP icopilot_http_request_duration_seconds HTTP request latency by route\n"
           "# TYPE icopilot_http_request_duration_seconds histogram\n";
    for (const auto& [route, histogram] : request_latency_) {
      RenderHistogram(out, "icopilot_http_request_duration_seconds", Label("route", route), histogram);
    }
  }
  for (const auto& [name, help, read] : gauge_callbacks_) {
    fmt::format_to(append, "# HELP {} {}\n# TYPE {} gauge\n{} {}\n", name, help, name, name, read());
  }
  return out;
}

}  // namespace icopilot
