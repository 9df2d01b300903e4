#include "net/http_client.h"

// libcurl's types and constants only: its functions are loaded on first use (below), so
// the macros that type-check calls to them are not wanted.
#define CURL_DISABLE_TYPECHECK 1
#include <memory>
#include <mutex>

#include <curl/curl.h>
#include <dlfcn.h>

#include "core/strings.h"

namespace icopilot::net {
namespace {

struct BodySink {
  std::string* body;
  std::size_t limit;
  const std::function<void(std::string_view)>* on_body;
  bool overflowed = false;
};

std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* out) {
  auto* sink = static_cast<BodySink*>(out);
  if (sink->limit > 0 && sink->body->size() + size * count > sink->limit) {
    sink->overflowed = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  sink->body->append(data, size * count);
  if (*sink->on_body) (*sink->on_body)(std::string_view(data, size * count));
  return size * count;
}

std::size_t AppendHeader(char* data, std::size_t size, std::size_t count, void* out) {
  std::string_view line(data, size * count);
  auto* response = static_cast<ClientResponse*>(out);
  if (line.starts_with("HTTP/")) {
    response->headers = Headers();  // a new response (after 100 Continue or a redirect)
    return size * count;
  }
  std::size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    response->headers.Add(TrimWhitespace(line.substr(0, colon)),
                          std::string(TrimWhitespace(line.substr(colon + 1))));
  }
  return size * count;
}

// libcurl, opened on the first outbound request rather than linked: with its dependency
// chain (TLS, Kerberos, LDAP, SSH, ...) it is ~30 shared objects, whose loading cost every
// icopilot command 2.7 ms at start, most of which never make a request
// (docs/decisions/0006).
struct CurlLibrary {
  CURLcode (*global_init)(long);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_perform)(CURL*);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  curl_slist* (*slist_append)(curl_slist*, const char*);
  void (*slist_free_all)(curl_slist*);
};

template <typename F>
bool Bind(void* library, const char* name, F& function) {
  function = reinterpret_cast<F>(dlsym(library, name));
  return function != nullptr;
}

const CurlLibrary* Curl(std::string& error) {
  static CurlLibrary curl;
  static std::string load_error;
  static std::once_flag once;
  std::call_once(once, [] {
    void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      const char* why = dlerror();
      load_error = StrCat("libcurl is not available: ", why == nullptr ? "dlopen failed" : why);
      return;
    }
    bool bound = Bind(library, "curl_global_init", curl.global_init) &&
                 Bind(library, "curl_easy_init", curl.easy_init) &&
                 Bind(library, "curl_easy_cleanup", curl.easy_cleanup) &&
                 Bind(library, "curl_easy_setopt", curl.easy_setopt) &&
                 Bind(library, "curl_easy_perform", curl.easy_perform) &&
                 Bind(library, "curl_easy_getinfo", curl.easy_getinfo) &&
                 Bind(library, "curl_easy_strerror", curl.easy_strerror) &&
                 Bind(library, "curl_slist_append", curl.slist_append) &&
                 Bind(library, "curl_slist_free_all", curl.slist_free_all);
    if (!bound) {
      load_error = "libcurl.so.4 lacks a function icopilot needs";
      return;
    }
    curl.global_init(CURL_GLOBAL_DEFAULT);
  });
  error = load_error;
  return load_error.empty() ? &curl : nullptr;
}

}  // namespace

absl::StatusOr<ClientResponse> SendHttp(const ClientRequest& request) {
  std::string load_error;
  const CurlLibrary* lib = Curl(load_error);
  if (lib == nullptr) return absl::UnavailableError(load_error);

  std::unique_ptr<CURL, void (*)(CURL*)> curl(lib->easy_init(), lib->easy_cleanup);
  if (!curl) return absl::ResourceExhaustedError("cannot create a curl handle");
  ClientResponse response;
  curl_slist* header_list = nullptr;
  for (const auto& [name, value] : request.headers) {
    header_list = lib->slist_append(header_list, StrCat(name, ": ", value).c_str());
  }
  // Without this curl would wait for "100 Continue" on larger bodies.
  header_list = lib->slist_append(header_list, "Expect:");
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers(header_list, lib->slist_free_all);
  curl_slist* resolve_list = nullptr;
  for (const std::string& entry : request.resolve)
    resolve_list = lib->slist_append(resolve_list, entry.c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> resolve(resolve_list, lib->slist_free_all);

  CURL* handle = curl.get();
  lib->easy_setopt(handle, CURLOPT_URL, request.url.c_str());
  lib->easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") lib->easy_setopt(handle, CURLOPT_NOBODY, 1L);
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" ||
      request.method == "PATCH") {
    lib->easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
    lib->easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
  }
  lib->easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
  if (resolve) lib->easy_setopt(handle, CURLOPT_RESOLVE, resolve.get());
  lib->easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  lib->easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
  lib->easy_setopt(handle, CURLOPT_WRITEFUNCTION, &AppendBody);
  BodySink sink{&response.body, request.max_body_bytes, &request.on_body};
  lib->easy_setopt(handle, CURLOPT_WRITEDATA, &sink);
  lib->easy_setopt(handle, CURLOPT_HEADERFUNCTION, &AppendHeader);
  lib->easy_setopt(handle, CURLOPT_HEADERDATA, &response);
  lib->easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  lib->easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
  if (!request.tls.verify) {
    lib->easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 0L);
    lib->easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!request.tls.ca_file.empty())
    lib->easy_setopt(handle, CURLOPT_CAINFO, request.tls.ca_file.c_str());
  if (!request.tls.client_cert.empty())
    lib->easy_setopt(handle, CURLOPT_SSLCERT, request.tls.client_cert.c_str());
  if (!request.tls.client_key.empty())
    lib->easy_setopt(handle, CURLOPT_SSLKEY, request.tls.client_key.c_str());
  // curl copies blobs it is given with CURL_BLOB_COPY, so these may go out of scope.
  auto set_blob = [&](CURLoption option, const std::string& pem) {
    if (pem.empty()) return;
    curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
    lib->easy_setopt(handle, option, &blob);
  };
  set_blob(CURLOPT_CAINFO_BLOB, request.tls.ca_pem);
  set_blob(CURLOPT_SSLCERT_BLOB, request.tls.client_cert_pem);
  set_blob(CURLOPT_SSLKEY_BLOB, request.tls.client_key_pem);

  CURLcode code = lib->easy_perform(handle);
  if (sink.overflowed) {
    return absl::ResourceExhaustedError(
        StrCat(request.url, ": the answer is larger than ", request.max_body_bytes, " bytes"));
  }
  if (code == CURLE_OPERATION_TIMEDOUT) {
    return absl::DeadlineExceededError(StrCat(request.url, ": no complete answer within ",
                                              request.timeout.count(), " ms (",
                                              lib->easy_strerror(code), ")"));
  }
  if (code != CURLE_OK) {
    return absl::UnavailableError(StrCat(request.url, ": ", lib->easy_strerror(code)));
  }
  long status = 0;
  lib->easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace icopilot::net
