#include "core/metrics.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace strata::core {
namespace {

// Label values escape backslash, double quote and newline (Prometheus text format).
std::string Escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string FormatLabels(const Labels& labels, const std::string& extra_name = "",
                         const std::string& extra_value = "") {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ',';
    out += name + "=\"" + Escape(value) + "\"";
    first = false;
  }
  if (!extra_name.empty()) {
    if (!first) out += ',';
    out += extra_name + "=\"" + extra_value + "\"";
  }
  return out + "}";
}

std::string FormatNumber(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  // The shortest fixed-point text that reads back as the same double: 0.0025, not 2.5e-03.
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buffer, end) : "NaN";
}

}  // namespace

const std::vector<double>& Metrics::Buckets() {
  static const std::vector<double> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

void Metrics::Increment(const std::string& name, const Labels& labels, double amount) {
  std::lock_guard lock(mutex_);
  counters_[name][labels] += amount;
}

void Metrics::Observe(const std::string& name, const Labels& labels, double value) {
  const auto& buckets = Buckets();
  std::lock_guard lock(mutex_);
  Histogram& histogram = histograms_[name][labels];
  if (histogram.counts.empty()) histogram.counts.assign(buckets.size(), 0);
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (value <= buckets[i]) {
      ++histogram.counts[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum += value;
}

void Metrics::Describe(const std::string& name, const std::string& help) {
  std::lock_guard lock(mutex_);
  help_[name] = help;
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<std::vector<GaugeSample>()> read) {
  std::lock_guard lock(mutex_);
  gauges_[name] = Gauge{help, std::move(read)};
}

std::string Metrics::Render() const {
  // Gauges are read outside the lock: their callbacks may be slow (a database query).
  std::map<std::string, Gauge> gauges;
  {
    std::lock_guard lock(mutex_);
    gauges = gauges_;
  }
  std::ostringstream out;
  for (const auto& [name, gauge] : gauges) {
    out << "# HELP " << name << ' ' << gauge.help << "\n# TYPE " << name << " gauge\n";
    for (const auto& [labels, value] : gauge.read()) {
      out << name << FormatLabels(labels) << ' ' << FormatNumber(value) << '\n';
    }
  }

  std::lock_guard lock(mutex_);
  const auto help_line = [&](const std::string& name) {
    auto it = help_.find(name);
    if (it != help_.end()) out << "# HELP " << name << ' ' << it->second << '\n';
  };
  for (const auto& [name, series] : counters_) {
    help_line(name);
    out << "# TYPE " << name << " counter\n";
    for (const auto& [labels, value] : series) {
      out << name << FormatLabels(labels) << ' ' << FormatNumber(value) << '\n';
    }
  }
  const auto& buckets = Buckets();
  for (const auto& [name, series] : histograms_) {
    help_line(name);
    out << "# TYPE " << name << " histogram\n";
    for (const auto& [labels, histogram] : series) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < buckets.size(); ++i) {
        cumulative += histogram.counts[i];
        out << name << "_bucket" << FormatLabels(labels, "le", FormatNumber(buckets[i])) << ' '
            << cumulative << '\n';
      }
      out << name << "_bucket" << FormatLabels(labels, "le", "+Inf") << ' ' << histogram.count
          << '\n';
      out << name << "_sum" << FormatLabels(labels) << ' ' << FormatNumber(histogram.sum) << '\n';
      out << name << "_count" << FormatLabels(labels) << ' ' << histogram.count << '\n';
    }
  }
  return out.str();
}

}  // namespace strata::core
