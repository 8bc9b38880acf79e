#include "CCurlShim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// libcurl is loaded on first use, not linked: with its TLS, HTTP/2, LDAP and Kerberos
// dependencies it is some thirty shared libraries, and loading them at every start would
// triple the start-up of every cairn command, most of which never touch the network.

static struct {
  void *handle;
  char error[256];
  CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
  curl_version_info_data *(*version_info)(CURLversion);
} curl_api;

static pthread_once_t curl_api_once = PTHREAD_ONCE_INIT;

static void load_curl_api(void) {
  void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    snprintf(curl_api.error, sizeof curl_api.error, "%s", dlerror());
    return;
  }
  curl_api.easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(handle, "curl_easy_setopt");
  curl_api.easy_getinfo =
      (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(handle, "curl_easy_getinfo");
  curl_api.version_info =
      (curl_version_info_data * (*)(CURLversion)) dlsym(handle, "curl_version_info");
  if (curl_api.easy_setopt == NULL || curl_api.easy_getinfo == NULL ||
      curl_api.version_info == NULL) {
    snprintf(curl_api.error, sizeof curl_api.error, "libcurl.so.4 lacks a function: %s",
             dlerror());
    dlclose(handle);
    return;
  }
  curl_api.handle = handle;
}

const char *cairn_curl_load_error(void) {
  pthread_once(&curl_api_once, load_curl_api);
  return curl_api.handle == NULL ? curl_api.error : NULL;
}

CURLcode cairn_curl_setopt_long(CURL *handle, CURLoption option, long value) {
  if (cairn_curl_load_error() != NULL) return CURLE_FAILED_INIT;
  return curl_api.easy_setopt(handle, option, value);
}

CURLcode cairn_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
  if (cairn_curl_load_error() != NULL) return CURLE_FAILED_INIT;
  return curl_api.easy_setopt(handle, option, value);
}

CURLcode cairn_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  if (cairn_curl_load_error() != NULL) return CURLE_FAILED_INIT;
  return curl_api.easy_setopt(handle, option, value);
}

CURLcode cairn_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
  if (cairn_curl_load_error() != NULL) return CURLE_FAILED_INIT;
  return curl_api.easy_setopt(handle, option, value);
}

CURLcode cairn_curl_setopt_write_function(CURL *handle,
    size_t (*callback)(char *, size_t, size_t, void *)) {
  if (cairn_curl_load_error() != NULL) return CURLE_FAILED_INIT;
  return curl_api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode cairn_curl_setopt_header_function(CURL *handle,
    size_t (*callback)(char *, size_t, size_t, void *)) {
  if (cairn_curl_load_error() != NULL) return CURLE_FAILED_INIT;
  return curl_api.easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}

CURLcode cairn_curl_setopt_xferinfo_function(CURL *handle,
    int (*callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t)) {
  if (cairn_curl_load_error() != NULL) return CURLE_FAILED_INIT;
  return curl_api.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

CURLcode cairn_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  if (cairn_curl_load_error() != NULL) return CURLE_FAILED_INIT;
  return curl_api.easy_getinfo(handle, info, value);
}

const curl_version_info_data *cairn_curl_version_info(void) {
  if (cairn_curl_load_error() != NULL) return NULL;
  return curl_api.version_info(CURLVERSION_NOW);
}

const char *const *cairn_curl_feature_names(const curl_version_info_data *info) {
#if LIBCURL_VERSION_NUM >= 0x075700
  if (info != NULL && info->age >= CURLVERSION_ELEVENTH) return info->feature_names;
#endif
  return NULL;
}
