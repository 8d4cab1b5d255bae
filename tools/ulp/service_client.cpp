#include "tools/ulp/service_client.hpp"

#include <chrono>
#include <random>
#include <thread>

#include "core/spec.hpp"
#include "core/transport_errors.hpp"
#include "tools/ulp/debug_log.hpp"
#include "tools/ulp/session.hpp"

namespace ulp::cli {

ClientSettings client_settings(const Session& session, const std::string& region) {
  const GlobalOptions& globals = session.options();
  ClientSettings settings;
  settings.region = region;
  settings.endpoint_url = session.endpoint_url(region);
  settings.credentials = session.credentials();
  settings.connect_timeout_seconds = globals.connect_timeout.value_or(60);
  settings.read_timeout_seconds = globals.read_timeout.value_or(60);
  settings.verify_tls = globals.verify_ssl;
  settings.ca_bundle = session.ca_bundle();
  settings.max_attempts = session.max_attempts();
  return settings;
}

using nlohmann::ordered_json;

ServiceError::ServiceError(std::string code, std::string message, std::string operation,
                           int retries, ordered_json body)
    : CliError(kService,
               "An error occurred (" + code + ") when calling the " + operation + " operation" +
                   (retries >= 0 ? " (reached max retries: " + std::to_string(retries) + ")" : "") +
                   ": " + message),
      code_(std::move(code)),
      body_(std::move(body)) {}

ServiceClient::ServiceClient(ClientSettings settings) : settings_(std::move(settings)) {
  HttpTargetOptions o;
  o.endpoint_url = settings_.endpoint_url;
  o.region = settings_.region;
  o.credentials = settings_.credentials;
  // 0 means no timeout for the CLI; a day is as good as for ever here.
  o.connect_timeout_seconds =
      settings_.connect_timeout_seconds == 0 ? 86400 : settings_.connect_timeout_seconds;
  o.read_timeout_seconds =
      settings_.read_timeout_seconds == 0 ? 86400 : settings_.read_timeout_seconds;
  o.verify_tls = settings_.verify_tls;
  o.ca_bundle = settings_.ca_bundle;
  try {
    target_ = std::make_unique<HttpTarget>(o);
  } catch (const std::invalid_argument& e) {
    throw CliError(kOther, std::string("Invalid endpoint: ") + settings_.endpoint_url);
  }
}

ServiceClient::~ServiceClient() = default;

namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

// botocore's standard retry mode, as the aws CLI retries: its throttling and transient error
// codes and statuses (spec/protocol.json "retry"; a 500 included, which the suite itself grades).
bool botocore_retries(const std::string& code, int status) {
  const RetryRules& rules = Spec::get().protocol.retry;
  return rules.throttling_errors.count(code) || rules.transient_errors.count(code) ||
         rules.transient_statuses.count(status);
}

struct ParsedError {
  std::string code, message;
  ordered_json body = ordered_json::object();
};

// botocore's JSON error parsing: code from __type (namespace cut at '#') or the status,
// message from "message" or "Message"; a 5xx without a body is a generic error.
ParsedError parse_error(const Response& r) {
  ParsedError e;
  std::string trimmed = r.body;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.pop_back();
  auto first = trimmed.find_first_not_of(" \t\r\n");
  trimmed = first == std::string::npos ? "" : trimmed.substr(first);
  if (r.status >= 500 && (trimmed.empty() || trimmed.starts_with("<html>"))) {
    e.code = std::to_string(r.status);
    e.message = reason_phrase(r.status);
    return e;
  }
  if (!r.body.empty()) {
    try {
      e.body = ordered_json::parse(r.body);
    } catch (const nlohmann::json::exception&) {
      e.body = ordered_json{{"message", r.body}};
    }
  }
  if (!e.body.is_object()) e.body = ordered_json::object();
  auto text = [&](const char* key) -> std::optional<std::string> {
    auto it = e.body.find(key);
    if (it == e.body.end()) return std::nullopt;
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  e.message = text("message").value_or(text("Message").value_or(""));
  std::string code;
  const std::string query_error = r.header("x-amzn-query-error");
  if (auto semi = query_error.find(';');
      semi != std::string::npos && semi > 0 && query_error.find(';', semi + 1) == std::string::npos)
    code = query_error.substr(0, semi);
  if (code.empty()) code = text("__type").value_or(std::to_string(r.status));
  if (auto hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
  e.code = code;
  return e;
}

std::string transport_message(const Response& r, const std::string& url, double elapsed_seconds,
                              int read_timeout) {
  const std::string& error = r.transport_error;
  namespace e = transport_error;
  if (error == e::kConnection) return "Could not connect to the endpoint URL: \"" + url + "\"";
  if (error == e::kConnectionTimeout) return "Connect timeout on endpoint URL: \"" + url + "\"";
  if (error == e::kRead && elapsed_seconds + 0.5 >= read_timeout)
    return "Read timeout on endpoint URL: \"" + url + "\"";
  // The aws CLI's words for the same failure, as Python's ssl module names it.
  if (error == e::kSslServerVerification)
    return "SSL validation failed for " + url +
           " [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: " + r.transport_detail;
  if (error.starts_with("SSL"))
    return "SSL validation failed for " + url + " [" + error + "] " + r.transport_detail;
  return "Connection was closed before we received a valid response from endpoint URL: \"" + url +
         "\".";
}

}  // namespace

ordered_json ServiceClient::call(const std::string& operation, std::string body) {
  Request request;
  request.operation = operation;
  request.body = std::move(body);
  std::string url = settings_.endpoint_url;
  if (url.find('/', url.find("://") + 3) == std::string::npos) url += "/";
  std::mt19937_64 random{std::random_device{}()};
  for (int attempt = 1;; ++attempt) {
    debug_log::write("ulp.endpoint", "Sending " + operation + " to " + url + " (attempt " +
                                         std::to_string(attempt) + ", " +
                                         std::to_string(request.body.size()) + " bytes)");
    const auto start = std::chrono::steady_clock::now();
    Response r = target_->send(request);
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bool retryable = false;
    std::optional<ParsedError> error;
    if (!r.transport_error.empty()) {
      debug_log::write("ulp.endpoint", "Transport error: " + r.transport_error);
      retryable = true;
    } else {
      debug_log::write("ulp.parsers", "Response status " + std::to_string(r.status) +
                                          ", body: " + r.body.substr(0, 2000));
      if (r.status < 301) {
        if (r.body.empty()) return ordered_json::object();
        try {
          ordered_json parsed = ordered_json::parse(r.body);
          return parsed.is_object() ? parsed : ordered_json::object();
        } catch (const nlohmann::json::exception&) {
          return ordered_json::object();  // botocore keeps only known members: none
        }
      }
      error = parse_error(r);
      retryable = botocore_retries(error->code, r.status);
    }
    if (!retryable || attempt >= settings_.max_attempts) {
      if (!error)
        throw TransportError(transport_message(r, url, elapsed, settings_.read_timeout_seconds));
      // botocore notes "reached max retries" whenever the last attempt allowed has been made.
      throw ServiceError(error->code, error->message, operation,
                         attempt >= settings_.max_attempts ? attempt - 1 : -1, error->body);
    }
    // min(rand(0, 1) * 2^(attempt - 1), 20) seconds, as botocore's ExponentialBackoff.
    const double delay = std::min(std::uniform_real_distribution<double>(0, 1)(random) *
                                      static_cast<double>(1 << std::min(attempt - 1, 20)),
                                  20.0);
    debug_log::write("ulp.retries", "Retry needed, sleeping for " + std::to_string(delay) + " s");
    if (observer_) observer_(error ? error->code : "", delay);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  }
}

}  // namespace ulp::cli
