#include "conformance/markup.hpp"

#include <cctype>

namespace ulp::conformance {

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string verdict_css_class(std::string_view verdict) {
  std::string c;
  for (char ch : verdict) c += ch == ' ' ? '-' : static_cast<char>(std::tolower(ch));
  return c;
}

const char* html_report_style() {
  return R"(
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #1d2330; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 17px; margin-top: 28px; }
.meta { color: #5a6273; margin-bottom: 12px; }
.badge { display: inline-block; padding: 3px 10px; margin: 2px 4px 2px 0; border-radius: 12px; font-weight: 600; }
table { border-collapse: collapse; margin-top: 8px; }
th, td { border: 1px solid #d7dbe3; padding: 3px 8px; vertical-align: top; text-align: left; }
th { background: #f1f3f7; position: sticky; top: 0; }
td.n { text-align: center; min-width: 28px; }
td.zero { color: #c4c8d0; }
.pass { background: #d8f3dc; } .fail { background: #ffccd0; } .non-strict { background: #ffe5b4; }
.info { background: #d6e9ff; } .skip { background: #eceef2; } .error { background: #f4c2f2; }
.xfail { background: #e9e0ff; } .not-reached { background: #f3f0e6; } .xpass { background: #fff3a8; } .not-run { background: #fafafa; color: #8a909c; }
.case { border: 1px solid #d7dbe3; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
pre { background: #f7f8fa; border: 1px solid #e3e6ec; padding: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; font-size: 12.5px; }
.statement { color: #454c5a; max-width: 640px; }
summary { cursor: pointer; color: #2a5db0; }
)";
}

}  // namespace ulp::conformance
