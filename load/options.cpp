#include "load/options.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <iostream>
#include <random>

#include "core/target_options_cli.hpp"
#include "reference/mutant.hpp"

namespace ulp::load {

std::optional<std::int64_t> parse_bytes(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data() || value < 0) return std::nullopt;
  std::string suffix(end, text.data() + text.size());
  std::int64_t unit = 0;
  if (suffix.empty() || suffix == "B")
    unit = 1;
  else if (suffix == "K" || suffix == "KiB")
    unit = std::int64_t{1} << 10;
  else if (suffix == "M" || suffix == "MiB")
    unit = std::int64_t{1} << 20;
  else if (suffix == "G" || suffix == "GiB")
    unit = std::int64_t{1} << 30;
  else if (suffix == "kB" || suffix == "KB")
    unit = 1000;
  else if (suffix == "MB")
    unit = 1000 * 1000;
  else if (suffix == "GB")
    unit = 1000 * 1000 * 1000;
  else
    return std::nullopt;
  if (value > (std::int64_t{1} << 62) / unit) return std::nullopt;
  return value * unit;
}

std::optional<ByteRange> parse_byte_range(std::string_view text) {
  const auto dots = text.find("..");
  auto low = parse_bytes(text.substr(0, dots));
  auto high = dots == std::string_view::npos ? low : parse_bytes(text.substr(dots + 2));
  if (!low || !high || *low > *high) return std::nullopt;
  return ByteRange{*low, *high};
}

std::optional<int> parse_options(int argc, char** argv, Options& o) {
  CLI::App app{
      "Pushes layers from many clients at once, some of them racing requests against each "
      "other, and grades what the endpoint answered (the embedded reference server when no "
      "--endpoint-url is given): every layer's digest and size, every race by its rule, no 5xx.",
      "ulp-load"};
  app.get_formatter()->column_width(36);
  add_target_options(app, o.target);
  app.add_option("--limits", o.limits,
                 "limits the sizes respect: ecr, ecr-public, small, or a file")
      ->capture_default_str()
      ->group("Target");
  app.add_option("--mutant", o.mutant,
                 "run against the embedded reference with this mutant (ulp-reference-server "
                 "--list-mutants)")
      ->group("Target");

  auto* duration =
      app.add_option("--duration", o.duration_seconds, "seconds to push layers for (default 10)")
          ->check(CLI::Range(0.1, 3600.0))
          ->group("Load");
  app.add_option("--layers", o.layers, "push this many layers, then stop (instead of --duration)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1000000}))
      ->excludes(duration)
      ->group("Load");
  app.add_option("--clients", o.clients, "clients pushing at once, each on its own connection")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024))
      ->group("Load");
  app.add_option("--layer-size", o.layer_size_text,
                 "layer sizes, A..B (suffixes KiB, MiB, GiB, kB, MB, GB); default: by --limits")
      ->group("Load");
  app.add_option("--part-size", o.part_size_text,
                 "part sizes, A..B; each part but a layer's last is in the range, which must be "
                 "within the limits' part sizes; default: by --limits")
      ->group("Load");
  app.add_option("--race-fraction", o.race_fraction,
                 "fraction of the clients that race requests instead of pushing plainly")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0))
      ->group("Load");
  app.add_option("--seed", o.seed, "seed of the layers' sizes and bytes (default: random)")
      ->group("Load");
  app.add_option("--max-seconds", o.ceiling_seconds,
                 "hard ceiling: the run ends by then whatever else it was told")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 86400.0))
      ->group("Load");

  app.add_option("--report-json", o.report_json, "write the report as JSON to this file")
      ->group("Grading");
  app.add_flag("--strict", o.strict, "a broken SHOULD (NON-STRICT) fails the run")
      ->group("Grading");
  app.add_option("--expect-violation", o.expect_violation,
                 "exit 0 only if this requirement was found broken (to show a mutant caught)")
      ->group("Grading");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // 0 after --help; a usage error's message printed
  }
  if (!o.mutant.empty() && !reference::mutant_named(o.mutant)) {
    std::cerr << "ulp-load: no mutant named '" << o.mutant
              << "' (ulp-reference-server --list-mutants)\n";
    return 2;
  }
  if (!o.mutant.empty() && !o.target.endpoint_url.empty()) {
    std::cerr << "ulp-load: --mutant applies to the embedded reference; leave out "
                 "--endpoint-url\n";
    return 2;
  }
  if (!o.expect_violation.empty() && !Spec::get().requirement(o.expect_violation)) {
    std::cerr << "ulp-load: --expect-violation: no requirement " << o.expect_violation
              << " in spec/requirements.json\n";
    return 2;
  }
  try {
    o.profile = Profile::load(o.limits);
  } catch (const std::exception& e) {
    std::cerr << "ulp-load: --limits: " << e.what() << "\n";
    return 2;
  }
  if (auto why = resolve_sizes(o)) {
    std::cerr << "ulp-load: " << *why << "\n";
    return 2;
  }
  if (app.count("--seed") == 0) o.seed = std::random_device{}();
  o.progress = isatty(STDERR_FILENO) != 0;
  return std::nullopt;
}

std::optional<std::string> resolve_sizes(Options& o) {
  const Profile& p = o.profile;
  if (o.part_size_text.empty()) {
    o.part_bytes = {p.min_part_bytes, std::min(p.max_part_bytes, 2 * p.min_part_bytes)};
  } else if (auto r = parse_byte_range(o.part_size_text)) {
    o.part_bytes = *r;
  } else {
    return "--part-size: '" + o.part_size_text +
           "' is not a size or a range A..B (e.g. 5MiB..8MiB)";
  }
  const std::string limits = " (--limits " + o.limits + ")";
  if (o.part_bytes.low < std::max<std::int64_t>(p.min_part_bytes, 1) ||
      o.part_bytes.high > p.max_part_bytes)
    return "--part-size: parts must be " + std::to_string(p.min_part_bytes) + ".." +
           std::to_string(p.max_part_bytes) + " bytes" + limits;
  if (o.layer_size_text.empty()) {
    o.layer_bytes = {1, std::min(p.max_layer_bytes, 3 * o.part_bytes.high)};
  } else if (auto r = parse_byte_range(o.layer_size_text)) {
    o.layer_bytes = *r;
  } else {
    return "--layer-size: '" + o.layer_size_text +
           "' is not a size or a range A..B (e.g. 1MiB..32MiB)";
  }
  if (o.layer_bytes.low < 1 || o.layer_bytes.high > p.max_layer_bytes)
    return "--layer-size: layers must be 1.." + std::to_string(p.max_layer_bytes) + " bytes" +
           limits;
  const std::int64_t most_parts = (o.layer_bytes.high + o.part_bytes.low - 1) / o.part_bytes.low;
  if (most_parts > p.max_parts_per_layer)
    return "--layer-size with --part-size: a layer of " + std::to_string(o.layer_bytes.high) +
           " bytes could take " + std::to_string(most_parts) + " parts, more than " +
           std::to_string(p.max_parts_per_layer) + limits;
  return std::nullopt;
}

}  // namespace ulp::load
