#include "conformance/exchange.hpp"

#include <re2/re2.h>
#include <strings.h>

#include "core/transport_errors.hpp"

namespace ulp::conformance {

std::string printable(const std::string& bytes) {
  std::string out;
  out.reserve(bytes.size());
  auto hex = [&](unsigned char c) {
    static const char* digits = "0123456789abcdef";
    out += "\\x";
    out += digits[c >> 4];
    out += digits[c & 15];
  };
  for (std::size_t i = 0; i < bytes.size();) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
        hex(c);
      else
        out += static_cast<char>(c);
      ++i;
      continue;
    }
    int extra = (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
    bool valid = extra > 0 && i + static_cast<std::size_t>(extra) < bytes.size();
    for (int k = 1; valid && k <= extra; ++k)
      valid = (static_cast<unsigned char>(bytes[i + static_cast<std::size_t>(k)]) & 0xC0) == 0x80;
    if (valid && extra == 1 && c < 0xC2) valid = false;  // overlong
    if (!valid) {
      hex(c);
      ++i;
      continue;
    }
    out.append(bytes, i, static_cast<std::size_t>(extra) + 1);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

std::string explain_transport_error(const std::string& error) {
  namespace e = transport_error;
  static const std::pair<std::string_view, const char*> kKnown[] = {
      {e::kConnection, "could not connect"},
      {e::kConnectionTimeout, "no connection within --cli-connect-timeout"},
      {e::kRead, "the connection was closed or failed before the whole answer came"},
      {e::kWrite, "the connection was closed or failed while the request was being sent"},
      {e::kMalformed, "the answer is not well-formed HTTP/1.1"},
      {e::kSslConnection, "the TLS handshake failed"},
      {e::kSslLoadingCerts, "the CA certificates could not be loaded (--ca-bundle)"},
      {e::kSslServerVerification,
       "the server's TLS certificate did not verify (--ca-bundle FILE, or --no-verify-ssl)"},
      {e::kCanceled, "the request was aborted"},
  };
  for (const auto& [name, meaning] : kKnown)
    if (error == name) return std::string(meaning) + " (" + std::string(name) + ")";
  return error;
}

std::string abbreviate_body(const std::string& body, std::size_t max) {
  constexpr std::size_t keep = 48, longest = 160;
  auto base64_like = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/' || c == '=';
  };
  std::string out;
  for (std::size_t i = 0; i < body.size() && out.size() < max;) {
    std::size_t j = i;
    while (j < body.size() && base64_like(body[j])) ++j;
    if (j - i > longest) {
      out.append(body, i, keep);
      out += "...(" + std::to_string(j - i) + " characters)";
      i = j;
    } else if (j > i) {
      out.append(body, i, j - i);
      i = j;
    } else {
      out += body[i++];
    }
  }
  bool cut = out.size() >= max;
  if (cut) out.resize(max);
  out = printable(out);
  if (cut) out += "\n...(the body has " + std::to_string(body.size()) + " bytes in all)";
  return out;
}

std::string mask_header(const std::string& name, const std::string& value) {
  if (strcasecmp(name.c_str(), "X-Amz-Security-Token") == 0)
    return "****(" + std::to_string(value.size()) + " characters, masked)";
  if (strcasecmp(name.c_str(), "Authorization") == 0) {
    std::string masked = value;
    static const RE2 signature("(Signature=)[^,\\s]+");
    static const RE2 access_key("(Credential=[A-Za-z0-9]{4})[A-Za-z0-9]*");
    RE2::GlobalReplace(&masked, signature, "\\1****");
    RE2::GlobalReplace(&masked, access_key, "\\1****");
    return masked;
  }
  return value;
}

Exchange record_exchange(int step, const Request& request, const Response& response,
                         double seconds) {
  Exchange e;
  e.step = step;
  e.operation = request.operation;
  e.method = request.method;
  e.path = request.path;
  // HttpTarget tells what it sent, signature included; an in-process target sends the
  // request's own headers.
  const Headers& sent =
      response.sent_headers.empty() ? request.wire_headers() : response.sent_headers;
  for (const auto& [name, value] : sent)
    e.request_headers.emplace_back(name, printable(mask_header(name, value)));
  e.request_body = abbreviate_body(request.body);
  e.status = response.status;
  for (const auto& [name, value] : response.headers)
    e.response_headers.emplace_back(name, printable(value));
  e.response_body = abbreviate_body(response.body);
  e.transport_error = response.transport_error;
  e.seconds = seconds;
  return e;
}

std::string Exchange::text() const {
  std::string out = method + " " + path + "\n";
  for (const auto& [name, value] : request_headers) out += name + ": " + value + "\n";
  out += "\n" + request_body + "\n\n";
  if (status == 0) return out + "(no answer: " + transport_error + ")\n";
  out += "HTTP " + std::to_string(status) + "\n";
  for (const auto& [name, value] : response_headers) out += name + ": " + value + "\n";
  return out + "\n" + response_body + "\n";
}

}  // namespace ulp::conformance
