// HttpTarget over https against cpp-httplib's TLS server with a certificate made for the test:
// verified against --ca-bundle, refused without it, the host name checked, --no-verify-ssl.
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "core/http_target.hpp"
#include "core/tests/loopback_listener.hpp"
#include "core/transport_errors.hpp"

namespace ulp {
namespace {

namespace e = transport_error;

// A self-signed certificate for the DNS name "localhost" only, and its key, as PEM files.
struct Certificate {
  std::filesystem::path dir, cert, key;

  Certificate() {
    char pattern[] = "/tmp/ulp-tls-XXXXXX";
    dir = ::mkdtemp(pattern);
    cert = dir / "cert.pem";
    key = dir / "key.pem";
    EVP_PKEY* pkey = EVP_EC_gen("P-256");
    X509* x = X509_new();
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -60);
    X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
    X509_set_pubkey(x, pkey);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      X509_add_ext(x, ext, -1);
      X509_EXTENSION_free(ext);
    }
    X509_sign(x, pkey, EVP_sha256());
    FILE* f = std::fopen(cert.c_str(), "w");
    PEM_write_X509(f, x);
    std::fclose(f);
    f = std::fopen(key.c_str(), "w");
    PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    X509_free(x);
    EVP_PKEY_free(pkey);
  }
  ~Certificate() { std::filesystem::remove_all(dir); }
};

class HttpTargetTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ =
        std::make_unique<httplib::SSLServer>(certificate_.cert.c_str(), certificate_.key.c_str());
    ASSERT_TRUE(server_->is_valid());
    server_->Post("/", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(R"({"length":)" + std::to_string(req.body.size()) + "}",
                      "application/x-amz-json-1.1");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    // stop() before the server runs would be lost, and TearDown would wait for ever.
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
  }

  Response send(const std::string& host, bool verify, const std::string& ca_bundle,
                std::size_t body_size = 10) {
    HttpTargetOptions o;
    o.endpoint_url = "https://" + host + ":" + std::to_string(port_);
    o.verify_tls = verify;
    o.ca_bundle = ca_bundle;
    o.read_timeout_seconds = 10;
    o.connect_timeout_seconds = 10;
    HttpTarget target(o);
    Request r;
    r.operation = "UploadLayerPart";
    r.body = std::string(body_size, 'b');
    return target.send(r);
  }

  Certificate certificate_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(HttpTargetTlsTest, AServerTheBundleVouchesForIsAnswered) {
  // localhost may resolve to ::1 first, where nothing listens: the next address is tried.
  Response r = send("localhost", true, certificate_.cert, 3 << 20);
  ASSERT_EQ(r.status, 200) << r.transport_error << ": " << r.transport_detail;
  EXPECT_EQ(r.body, R"({"length":3145728})");
}

TEST_F(HttpTargetTlsTest, AnUnknownIssuerIsRefusedWithTheReason) {
  Response r = send("localhost", true, "");
  EXPECT_EQ(r.transport_error, e::kSslServerVerification);
  EXPECT_NE(r.transport_detail.find("self-signed"), std::string::npos) << r.transport_detail;
}

TEST_F(HttpTargetTlsTest, ACertificateForAnotherNameIsRefused) {
  Response r = send("127.0.0.1", true, certificate_.cert);
  EXPECT_EQ(r.transport_error, e::kSslServerVerification);
  EXPECT_NE(r.transport_detail.find("mismatch"), std::string::npos) << r.transport_detail;
}

TEST_F(HttpTargetTlsTest, WithoutVerificationAnyCertificateIsTaken) {
  Response r = send("127.0.0.1", false, "");
  EXPECT_EQ(r.status, 200) << r.transport_error << ": " << r.transport_detail;
}

TEST_F(HttpTargetTlsTest, AServerThatHangsUpMidBodyIsAFailedCallNotASignal) {
  // A TLS endpoint that reads the first bytes of a request and hangs up: writing the rest of
  // the body meets a closed connection. SIGPIPE is at its default meanwhile (httplib in this
  // process ignores it), so a write that raised it would end the test binary.
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  ASSERT_EQ(SSL_CTX_use_certificate_file(ctx, certificate_.cert.c_str(), SSL_FILETYPE_PEM), 1);
  ASSERT_EQ(SSL_CTX_use_PrivateKey_file(ctx, certificate_.key.c_str(), SSL_FILETYPE_PEM), 1);
  int port = 0;
  const int listener = testing::listen_on_loopback(port);
  ASSERT_GE(listener, 0);
  std::thread hang_up([&] {
    for (int i = 0; i < 3; ++i) {
      const int fd = ::accept(listener, nullptr, nullptr);
      SSL* ssl = SSL_new(ctx);
      SSL_set_fd(ssl, fd);
      char some[16384];
      if (SSL_accept(ssl) == 1) SSL_read(ssl, some, sizeof some);
      SSL_free(ssl);
      ::close(fd);
    }
  });
  struct sigaction before {};
  struct sigaction by_default {};
  by_default.sa_handler = SIG_DFL;
  sigaction(SIGPIPE, &by_default, &before);
  HttpTargetOptions o;
  o.endpoint_url = "https://localhost:" + std::to_string(port);
  o.ca_bundle = certificate_.cert;
  o.read_timeout_seconds = 10;
  for (int i = 0; i < 3; ++i) {
    HttpTarget target(o);
    Request r;
    r.operation = "UploadLayerPart";
    r.body = std::string(32 << 20, 'b');
    const Response answer = target.send(r);
    EXPECT_EQ(answer.transport_error, e::kWrite) << answer.status << " " << answer.transport_detail;
  }
  sigaction(SIGPIPE, &before, nullptr);
  hang_up.join();
  ::close(listener);
  SSL_CTX_free(ctx);
}

TEST_F(HttpTargetTlsTest, ABundleThatCannotBeReadIsNamed) {
  Response r = send("localhost", true, (certificate_.dir / "missing.pem").string());
  EXPECT_EQ(r.transport_error, e::kSslLoadingCerts);
}

}  // namespace
}  // namespace ulp
