#include "fuzz/support/http_wire.hpp"

namespace ulp::fuzz {

std::string to_wire(const Request& request, const std::string& host) {
  std::string out = request.method + " " + request.path + " HTTP/1.1\r\nHost: " + host + "\r\n";
  for (const auto& [name, value] : request.wire_headers()) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n\r\n";
  return out + request.body;
}

namespace {

std::string_view next_line(std::string_view& rest, bool& found) {
  auto end = rest.find('\n');
  found = end != std::string_view::npos;
  std::string_view line = rest.substr(0, end);
  rest.remove_prefix(found ? end + 1 : rest.size());
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

WireMessage read_wire_loosely(std::string_view bytes) {
  WireMessage m;
  bool found = false;
  std::string_view request_line = next_line(bytes, found);
  auto space = request_line.find(' ');
  m.method = request_line.substr(0, space);
  std::string_view target =
      space == std::string_view::npos ? std::string_view() : request_line.substr(space + 1);
  target = target.substr(0, target.find(' '));  // the version goes
  auto question = target.find('?');
  m.path = target.substr(0, question);
  if (question != std::string_view::npos) m.query = target.substr(question + 1);
  while (found) {
    std::string_view line = next_line(bytes, found);
    if (line.empty()) break;
    auto colon = line.find(':');
    m.headers.emplace_back(trim(line.substr(0, colon)),
                           colon == std::string_view::npos ? "" : trim(line.substr(colon + 1)));
  }
  m.body = bytes;
  return m;
}

}  // namespace ulp::fuzz
