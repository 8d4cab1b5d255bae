// --output table: a port of awscli/table.py (MultiTable, Section) and of the CLI's
// TableFormatter, so widths, scaling, vertical conversion and colors come out the same.
#include <algorithm>
#include <cfenv>
#include <cmath>
#include <memory>
#include <set>

#include "tools/ulp/east_asian_width.hpp"
#include "tools/ulp/output.hpp"
#include "tools/ulp/python_text.hpp"

namespace ulp::cli {

using nlohmann::ordered_json;

namespace {

// awscli/table.py's get_text_length: columns, two for wide characters.
std::size_t text_length(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    char32_t cp = len == 1 ? c : c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    n += counts_two_columns(cp) ? 2 : 1;
    i += len;
  }
  return n;
}

std::string spaces(long long n) {
  return n > 0 ? std::string(static_cast<std::size_t>(n), ' ') : "";
}

std::string center_text(const std::string& text, long long length, const std::string& left,
                        const std::string& right, long long text_len) {
  // Python's // floors; every operand here is non-negative but the result may not be.
  auto floordiv = [](long long a, long long b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  };
  const long long char_start = floordiv(length, 2) - floordiv(text_len, 2) - 1;
  std::string out = left + spaces(char_start) + text;
  const long long so_far =
      static_cast<long long>(text_length(left)) + std::max(0LL, char_start) + text_len;
  out += spaces(length - static_cast<long long>(text_length(right)) - so_far) + right;
  return out;
}

std::string align_left(const std::string& text, long long length, const std::string& left,
                       const std::string& right, long long text_len) {
  const long long computed = text_len + 2 + static_cast<long long>(left.size() + right.size());
  const long long padding = length - computed >= 0 ? 2 : 0;
  const long long so_far = static_cast<long long>(left.size()) + padding + text_len;
  return left + spaces(padding) + text +
         spaces(length - so_far - static_cast<long long>(right.size())) + right;
}

struct Section {
  std::string title;
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  int indent_level = 0;
  std::optional<std::size_t> num_cols;
  std::vector<long long> max_widths;

  void update_max_widths(const std::vector<std::string>& row) {
    if (max_widths.empty()) {
      for (const auto& e : row) max_widths.push_back(static_cast<long long>(text_length(e)));
      return;
    }
    for (std::size_t i = 0; i < row.size() && i < max_widths.size(); ++i)
      max_widths[i] = std::max(static_cast<long long>(text_length(row[i])), max_widths[i]);
  }
  void add_header(const std::vector<std::string>& h) {
    update_max_widths(h);
    if (!num_cols) num_cols = h.size();
    headers = h;
  }
  void add_row(const std::vector<std::string>& row) {
    if (!num_cols) num_cols = row.size();
    if (row.size() != *num_cols)
      throw std::runtime_error("Row should have " + std::to_string(*num_cols) +
                               " elements, instead it has " + std::to_string(row.size()));
    rows.push_back(row);
    update_max_widths(row);
  }
  std::vector<long long> column_widths(long long padding,
                                       std::optional<long long> max_width) const {
    std::vector<long long> unscaled;
    for (long long w : max_widths) unscaled.push_back(w + padding);
    if (!max_width || unscaled.empty()) return unscaled;
    long long sum = 0;
    for (long long w : unscaled) sum += w;
    const double scale = static_cast<double>(*max_width) / static_cast<double>(sum);
    std::vector<long long> scaled;
    std::fesetround(FE_TONEAREST);  // Python's round(): half to even
    for (long long w : unscaled)
      scaled.push_back(static_cast<long long>(std::nearbyint(scale * static_cast<double>(w))));
    long long off_by = -*max_width;
    for (long long w : scaled) off_by += w;
    while (off_by != 0) {
      const long long n = static_cast<long long>(scaled.size());
      for (long long k = 0; k < n; ++k) {
        const long long i = off_by < 0 ? n - 1 - k : k;
        if (off_by > 0) {
          --scaled[static_cast<std::size_t>(i)];
          --off_by;
        } else {
          ++scaled[static_cast<std::size_t>(i)];
          ++off_by;
        }
        if (off_by == 0) break;
      }
    }
    return scaled;
  }
  long long total_width(long long padding, bool with_border, long long outer_padding) const {
    long long total = 0;
    for (long long w : column_widths(0, std::nullopt)) total += w + padding;
    if (with_border) total += 2;
    total += 2 * outer_padding;
    return std::max(static_cast<long long>(text_length(title)) + 2 + 2 * outer_padding, total);
  }
};

// The stream the CLI writes to: under --color on, colorama's autoreset appends a reset after
// every write() call, and that shows in the output.
struct Stream {
  std::string out;
  bool color;
  void write(const std::string& s) {
    out += s;
    if (color) out += "\x1b[0m";
  }
};

const std::string kReset = "\x1b[0m";

class Table {
 public:
  Table(bool color, int terminal_width) : color_(color), terminal_width_(terminal_width) {}

  void new_section(const std::string& title, int indent_level) {
    sections_.push_back(std::make_unique<Section>());
    sections_.back()->title = title;
    sections_.back()->indent_level = indent_level;
  }
  Section& current() { return *sections_.back(); }

  std::string render() {
    long long max_width = calculate_max_width();
    if (max_width > terminal_width_) {
      for (auto& s : sections_)
        if (s->rows.size() == 1 && !s->headers.empty()) {
          auto vertical = std::make_unique<Section>();
          vertical->title = s->title;
          vertical->indent_level = s->indent_level;
          for (std::size_t i = 0; i < s->headers.size() && i < s->rows[0].size(); ++i)
            vertical->add_row({s->headers[i], s->rows[0][i]});
          s = std::move(vertical);
        }
      max_width = calculate_max_width();
    }
    Stream stream{"", color_};
    stream.write(std::string(static_cast<std::size_t>(max_width), '-') + "\n");
    for (const auto& s : sections_) render_section(*s, max_width, stream);
    return stream.out;
  }

 private:
  std::string style_row(const std::string& t) const {
    return color_ ? "\x1b[1m\x1b[34m" + t + kReset : t;
  }
  std::string style_indent(const std::string& t) const {
    return color_ ? "\x1b[2m\x1b[33m" + t + kReset : t;
  }
  long long calculate_max_width() const {
    long long m = 0;
    for (const auto& s : sections_) m = std::max(m, s->total_width(4, true, s->indent_level));
    return m;
  }
  // IndentedStream: indentation characters on both sides of every line.
  void indented_write(Stream& stream, const Section& s, const std::string& text) const {
    std::string indent;
    for (int i = 0; i < s.indent_level; ++i) indent += style_indent("|");
    stream.write(indent);
    if (!text.empty() && text.back() == '\n') {
      stream.write(text.substr(0, text.size() - 1));
      stream.write(indent);
      stream.write("\n");
    } else {
      stream.write(text);
    }
  }
  void line_break(Stream& stream, const Section& s, const std::vector<long long>& widths) const {
    std::string parts;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (i == 0)
        parts +=
            "+" + std::string(static_cast<std::size_t>(std::max(0LL, widths[i] - 2)), '-') + "+";
      else
        parts += std::string(static_cast<std::size_t>(std::max(0LL, widths[i] - 1)), '-') + "+";
    }
    indented_write(stream, s, parts + "\n");
  }
  void render_section(const Section& s, long long max_width, Stream& stream) const {
    max_width -= s.indent_level * 2;
    if (!s.title.empty()) {
      indented_write(
          stream, s,
          center_text(s.title, max_width, "|", "|", static_cast<long long>(text_length(s.title))) +
              "\n");
      if (s.headers.empty() && s.rows.empty())
        indented_write(
            stream, s,
            "+" + std::string(static_cast<std::size_t>(std::max(0LL, max_width - 2)), '-') + "+\n");
    }
    if (!s.headers.empty()) {
      const auto widths = s.column_widths(4, max_width);
      std::string current;
      for (std::size_t i = 0; i < widths.size() && i < s.headers.size(); ++i)
        current += center_text(s.headers[i], widths[i], i == 0 ? "|" : "", "|",
                               static_cast<long long>(text_length(s.headers[i])));
      line_break(stream, s, widths);
      indented_write(stream, s, current + "\n");
    }
    if (s.rows.empty()) return;
    const auto widths = s.column_widths(4, max_width);
    if (widths.empty()) return;
    line_break(stream, s, widths);
    for (const auto& row : s.rows) {
      std::string current;
      for (std::size_t i = 0; i < widths.size() && i < row.size(); ++i)
        current += align_left(style_row(row[i]), widths[i], i == 0 ? "|" : "", "|",
                              static_cast<long long>(text_length(row[i])));
      indented_write(stream, s, current + "\n");
    }
    line_break(stream, s, widths);
  }

  std::vector<std::unique_ptr<Section>> sections_;
  bool color_;
  long long terminal_width_;
};

bool truthy(const ordered_json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer() || v.is_number_unsigned()) return v.get<long long>() != 0;
  if (v.is_number_float()) return v.get<double>() != 0.0;
  return !v.empty();  // strings, lists and objects
}
bool scalar(const ordered_json& v) {
  return !v.is_object() && !v.is_array();
}

class Builder {
 public:
  explicit Builder(Table& t) : table_(t) {}

  bool build(const std::string* title, const ordered_json& current, int indent) {
    if (!truthy(current)) return false;
    if (title) table_.new_section(*title, indent);
    if (current.is_array()) {
      if (current[0].is_object()) {
        sub_table_from_list(current, indent, title);
      } else {
        for (const auto& item : current) {
          if (scalar(item)) {
            table_.current().add_row({python_str(item)});
          } else if (std::all_of(item.begin(), item.end(), [](auto& e) { return scalar(e); })) {
            std::vector<std::string> row;
            for (const auto& e : item) row.push_back(python_str(e));
            table_.current().add_row(row);
          } else {
            build(nullptr, item, 0);
          }
        }
      }
    }
    if (current.is_object()) sub_table_from_dict(current, indent);
    return true;
  }

 private:
  static void group_keys(const ordered_json& d, std::vector<std::string>& headers,
                         std::vector<std::string>& more) {
    for (const auto& [k, v] : d.items()) (scalar(v) ? headers : more).push_back(k);
    std::sort(headers.begin(), headers.end());
    std::sort(more.begin(), more.end());
  }
  void sub_table_from_dict(const ordered_json& current, int indent) {
    std::vector<std::string> headers, more;
    group_keys(current, headers, more);
    if (headers.size() == 1) {
      table_.current().add_row({headers[0], python_str(current.at(headers[0]))});
    } else if (!headers.empty()) {
      table_.current().add_header(headers);
      std::vector<std::string> row;
      for (const auto& k : headers) row.push_back(python_str(current.at(k)));
      table_.current().add_row(row);
    }
    for (const auto& k : more) build(&k, current.at(k), indent + 1);
  }
  void sub_table_from_list(const ordered_json& current, int indent, const std::string* title) {
    std::set<std::string> header_set, more_set;
    for (const auto& item : current) {
      if (!item.is_object()) continue;
      std::vector<std::string> h, m;
      group_keys(item, h, m);
      header_set.insert(h.begin(), h.end());
      more_set.insert(m.begin(), m.end());
    }
    const std::vector<std::string> headers(header_set.begin(), header_set.end());
    const std::vector<std::string> more(more_set.begin(), more_set.end());
    table_.current().add_header(headers);
    bool first = true;
    for (const auto& element : current) {
      if (!first && !more.empty()) {
        table_.new_section(title ? *title : "", indent);
        table_.current().add_header(headers);
      }
      first = false;
      std::vector<std::string> row;
      for (const auto& h : headers) {
        auto it = element.is_object() ? element.find(h) : element.end();
        row.push_back(element.is_object() && it != element.end() ? python_str(*it) : "");
      }
      table_.current().add_row(row);
      for (const auto& k : more)
        if (element.is_object() && element.contains(k)) build(&k, element.at(k), indent + 1);
    }
  }

  Table& table_;
};

}  // namespace

std::string format_table(const std::string& title, const ordered_json& value, bool color,
                         int terminal_width) {
  Table table(color, terminal_width);
  if (!Builder(table).build(&title, value, 0)) return "";
  return table.render();
}

}  // namespace ulp::cli
