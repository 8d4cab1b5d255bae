#include "fuzz/generators/request_seeds.hpp"

#include <cstring>

#include "core/base64.hpp"
#include "core/sigv4.hpp"
#include "core/spec.hpp"
#include "fuzz/support/http_wire.hpp"

namespace ulp::fuzz {

using nlohmann::json;

namespace {

std::string snake_case(const std::string& camel) {
  std::string out;
  for (std::size_t i = 0; i < camel.size(); ++i) {
    char c = camel[i];
    if (c >= 'A' && c <= 'Z') {
      if (i > 0) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

// The AWS documentation's example credentials, at the time of its example.
const sigv4::Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                      ""};
const sigv4::Scope kScope{"us-east-1", "ecr", 1440938160};

std::string authorization_of(const Request& r) {
  sigv4::HttpMessage m{r.method, r.path, "", {{"Host", "api.ecr.us-east-1.amazonaws.com"}}, r.body};
  for (const auto& [name, value] : r.wire_headers()) m.headers.emplace_back(name, value);
  try {
    for (const auto& [name, value] : sigv4::sign(m, kCredentials, kScope))
      if (name == "Authorization") return value;
  } catch (const std::invalid_argument&) {  // the request brings its own Authorization
  }
  return "";
}

// What signing a request depends on, besides the bytes of its values: requests alike in
// this make the same seed for the SigV4 targets, so one of them is enough.
std::string signing_shape(const Request& r) {
  std::string shape = r.operation;
  for (const auto& [name, value] : r.wire_headers()) shape += "|" + name;
  return shape;
}

}  // namespace

void RequestSeeds::add(const RanCase& ran, CorpusWriter& out) {
  std::string connection;
  for (const Exchange& e : ran.exchanges) {
    const Request& r = e.request;
    if (Spec::get().operation(r.operation)) out.add("decode_" + snake_case(r.operation), r.body);
    auto parsed = json::parse(r.body, nullptr, false);
    if (parsed.is_object() && parsed.contains("layerPartBlob") &&
        parsed["layerPartBlob"].is_string()) {
      std::string text = parsed["layerPartBlob"].get<std::string>();
      if (blob_sizes_.insert(text.size()).second) out.add("base64", std::move(text));
    }
    const std::string wire = to_wire(r);
    if (signed_shapes_.insert(signing_shape(r)).second) {
      out.add("sigv4_sign", wire);
      out.add("sigv4_verify", wire);
      if (auto a = authorization_of(r); !a.empty()) out.add("sigv4_authorization", a);
    }
    connection += wire;
  }
  if (!connection.empty()) out.add("http_request", connection);
}

void add_builtin_request_seeds(CorpusWriter& out) {
  static constexpr const char* kForm =
      "--b\r\nContent-Disposition: form-data; "
      "name=\"repositoryName\"\r\n\r\nlayer-test\r\n--b--\r\n";
  const Protocol& p = Spec::get().protocol;
  // base64: each padding form, texts just off the grammar, and texts long enough for the
  // vectorised decoder (64 quanta and more) with a bad character early, late and last.
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += static_cast<char>(i * 37);
  const std::string long_text = base64::encode(bytes);
  for (std::string t :
       std::vector<std::string>{"", "QQ==", "QUI=", "QUJD", "QR==", "Q===", "====", "QUJD\n",
                                "QU JD", "QUJ", "QUJD=", "-_-_", "QUJDRA=="})
    out.add("base64", t);
  out.add("base64", long_text);
  for (std::size_t at : {std::size_t{5}, long_text.size() / 2, long_text.size() - 5}) {
    std::string bad = long_text;
    bad[at] = '*';
    out.add("base64", bad);
  }

  // HTTP: what the reference's server meets besides well-formed calls.
  const std::string target = p.target_header + ": " + p.target_prefix + ".InitiateLayerUpload\r\n";
  const std::string type = "Content-Type: " + p.content_type + "\r\n";
  const std::string body = std::string("{\"repositoryName\":\"") + "layer-test" + "\"}";
  const std::string length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
  for (const std::string& h : std::vector<std::string>{
           "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n",
           "DELETE /v2/ HTTP/1.1\r\nHost: x\r\n\r\n",
           "POST /other HTTP/1.1\r\nHost: x\r\n" + length + "\r\n" + body,
           "POST / HTTP/1.0\r\n" + target + type + length + "\r\n" + body,
           "POST / HTTP/1.1\r\n" + target + type + "Transfer-Encoding: chunked\r\n\r\n" + "10\r\n" +
               body.substr(0, 16) + "\r\n" + "0\r\n\r\n",
           "POST / HTTP/1.1\r\n" + target + type + "Expect: 100-continue\r\n" + length + "\r\n" +
               body,
           "POST / HTTP/1.1\r\n" + target + type + "Content-Length: 20000000\r\n\r\n{",
           "POST / HTTP/1.1\r\n" + target + type + "Content-Encoding: gzip\r\n" + length + "\r\n" +
               body,
           "POST / HTTP/1.1\r\n" + target + type + "Range: bytes=0-3\r\n" + length + "\r\n" + body,
           "POST / HTTP/1.1\r\n" + target + type + "Connection: close\r\n" + length + "\r\n" + body,
           // A form is read by httplib's multipart reader, not the reference's part reader.
           "POST / HTTP/1.1\r\n" + target + "Content-Type: multipart/form-data; boundary=b\r\n" +
               "Content-Length: " + std::to_string(std::strlen(kForm)) + "\r\n\r\n" + kForm,
           std::string("POST / HTTP/1.1\r\nbad header line\r\n\r\n"), std::string("BREW\r\n\r\n")})
    out.add("http_request", h);

  // SigV4 signing: paths to normalise, queries to sort and encode, repeated headers.
  for (const std::string& m : std::vector<std::string>{
           "GET /a/./b/../c//d/ HTTP/1.1\r\nHost: x\r\n\r\n",
           "GET /?b=2&a=1&a=0&c=%7e&d=+ HTTP/1.1\r\nHost: x\r\n\r\n",
           "POST /%2F%20?x HTTP/1.1\r\nHost: x\r\nMy-Header: a   b\r\nmy-header: c\r\n\r\nbody",
           "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Date: 20150830T123600Z\r\n\r\n",
           "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Date: 20150830T123600Z\r\n"
           "X-Amz-Security-Token: FwoGZXIvYXdzEXAMPLETOKEN\r\nAuthorization: AWS4-HMAC-SHA256 "
           "Credential=ASIAEXAMPLEFUZZKEY00/20150830/us-east-1/ecr/aws4_request, "
           "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=" +
               std::string(64, 'a') + "\r\n\r\n{}"}) {
    out.add("sigv4_sign", m);
    out.add("sigv4_verify", m);
  }

  // Authorization headers: the documented form and its usual mistakes.
  const std::string sig = std::string(64, 'a');
  for (const std::string& a : std::vector<std::string>{
           "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ecr/aws4_request, "
           "SignedHeaders=host;x-amz-date, Signature=" +
               sig,
           "AWS4-HMAC-SHA256 Signature=" + sig +
               ",Credential=AKID/20150830/us-east-1/ecr/aws4_request,SignedHeaders=host",
           "AWS4-HMAC-SHA256 credential=AKID/20150830/us-east-1/ecr/aws4_request, "
           "SignedHeaders=host, Signature=" +
               sig,
           "AWS4-HMAC-SHA256 Credential=AKID/20151330/us-east-1/ecr/aws4_request, "
           "SignedHeaders=host, Signature=" +
               sig,
           "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ecr/aws4_request, "
           "SignedHeaders=host;;x, Signature=" +
               sig,
           "AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/ecr/aws5_request, "
           "SignedHeaders=host, Signature=" +
               sig,
           std::string("AWS4-HMAC-SHA256"), std::string("Bearer token")})
    out.add("sigv4_authorization", a);
}

}  // namespace ulp::fuzz
