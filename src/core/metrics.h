#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace strata::core {

// Label names and values of one series, in a fixed order: {{"route","/healthz"},{"status","200"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A registry of counters, histograms and gauges rendered in the Prometheus text format (0.0.4).
// Thread-safe. Gauges are read when rendered, from callbacks their owners register.
class Metrics {
 public:
  // Adds `amount` to the counter `name` with `labels`, creating it on first use.
  void Increment(const std::string& name, const Labels& labels, double amount = 1);
  // Records `value` (seconds) in the histogram `name` with `labels`.
  void Observe(const std::string& name, const Labels& labels, double value);
  // Describes a metric family for its # HELP line.
  void Describe(const std::string& name, const std::string& help);

  using GaugeSample = std::pair<Labels, double>;
  // Registers a gauge family whose samples `read` returns at each render.
  void AddGauge(const std::string& name, const std::string& help,
                std::function<std::vector<GaugeSample>()> read);

  // The whole registry in the Prometheus text exposition format.
  std::string Render() const;

  // Histogram bucket upper bounds in seconds, shared by every histogram.
  static const std::vector<double>& Buckets();

 private:
  struct Histogram {
    std::vector<std::uint64_t> counts;  // One per bucket, cumulative when rendered.
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string help;
    std::function<std::vector<GaugeSample>()> read;
  };

  mutable std::mutex mutex_;
  std::map<std::string, std::string> help_;
  std::map<std::string, std::map<Labels, double>> counters_;
  std::map<std::string, std::map<Labels, Histogram>> histograms_;
  std::map<std::string, Gauge> gauges_;
};

}  // namespace strata::core
