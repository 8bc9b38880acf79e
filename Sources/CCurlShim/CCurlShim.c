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
  CURLcode (*global_init)(long);
  CURL *(*easy_init)(void);
  void (*easy_cleanup)(CURL *);
  const char *(*easy_strerror)(CURLcode);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
  CURLM *(*multi_init)(void);
  CURLMcode (*multi_add_handle)(CURLM *, CURL *);
  CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
  CURLMcode (*multi_perform)(CURLM *, int *);
  CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int, int, int *);
  CURLMsg *(*multi_info_read)(CURLM *, int *);
  CURLMcode (*multi_cleanup)(CURLM *);
  const char *(*multi_strerror)(CURLMcode);
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
  curl_api.global_init = (CURLcode (*)(long))dlsym(handle, "curl_global_init");
  curl_api.easy_init = (CURL * (*)(void)) dlsym(handle, "curl_easy_init");
  curl_api.easy_cleanup = (void (*)(CURL *))dlsym(handle, "curl_easy_cleanup");
  curl_api.easy_strerror = (const char *(*)(CURLcode))dlsym(handle, "curl_easy_strerror");
  curl_api.slist_append = (struct curl_slist * (*)(struct curl_slist *, const char *))
      dlsym(handle, "curl_slist_append");
  curl_api.slist_free_all = (void (*)(struct curl_slist *))dlsym(handle, "curl_slist_free_all");
  curl_api.multi_init = (CURLM * (*)(void)) dlsym(handle, "curl_multi_init");
  curl_api.multi_add_handle =
      (CURLMcode (*)(CURLM *, CURL *))dlsym(handle, "curl_multi_add_handle");
  curl_api.multi_remove_handle =
      (CURLMcode (*)(CURLM *, CURL *))dlsym(handle, "curl_multi_remove_handle");
  curl_api.multi_perform = (CURLMcode (*)(CURLM *, int *))dlsym(handle, "curl_multi_perform");
  curl_api.multi_poll = (CURLMcode (*)(CURLM *, struct curl_waitfd *, unsigned int, int, int *))
      dlsym(handle, "curl_multi_poll");
  curl_api.multi_info_read = (CURLMsg * (*)(CURLM *, int *)) dlsym(handle, "curl_multi_info_read");
  curl_api.multi_cleanup = (CURLMcode (*)(CURLM *))dlsym(handle, "curl_multi_cleanup");
  curl_api.multi_strerror = (const char *(*)(CURLMcode))dlsym(handle, "curl_multi_strerror");
  if (curl_api.easy_setopt == NULL || curl_api.easy_getinfo == NULL ||
      curl_api.version_info == NULL || curl_api.global_init == NULL ||
      curl_api.easy_init == NULL || curl_api.easy_cleanup == NULL ||
      curl_api.easy_strerror == NULL || curl_api.slist_append == NULL ||
      curl_api.slist_free_all == NULL || curl_api.multi_init == NULL ||
      curl_api.multi_add_handle == NULL || curl_api.multi_remove_handle == NULL ||
      curl_api.multi_perform == NULL || curl_api.multi_poll == NULL ||
      curl_api.multi_info_read == NULL || curl_api.multi_cleanup == NULL ||
      curl_api.multi_strerror == NULL) {
    snprintf(curl_api.error, sizeof curl_api.error, "libcurl.so.4 lacks a function: %s",
             dlerror());
    dlclose(handle);
    return;
  }
  // Once, before any handle exists, on the thread that loads the library (pthread_once
  // makes that race-free, which curl_global_init itself is not on older libraries).
  CURLcode initialised = curl_api.global_init(CURL_GLOBAL_DEFAULT);
  if (initialised != CURLE_OK) {
    snprintf(curl_api.error, sizeof curl_api.error, "curl_global_init failed: %s",
             curl_api.easy_strerror(initialised));
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

CURL *cairn_curl_easy_init(void) {
  if (cairn_curl_load_error() != NULL) return NULL;
  return curl_api.easy_init();
}

void cairn_curl_easy_cleanup(CURL *handle) {
  if (cairn_curl_load_error() != NULL || handle == NULL) return;
  curl_api.easy_cleanup(handle);
}

const char *cairn_curl_easy_strerror(CURLcode code) {
  if (cairn_curl_load_error() != NULL) return "libcurl is not loaded";
  return curl_api.easy_strerror(code);
}

struct curl_slist *cairn_curl_slist_append(struct curl_slist *list, const char *line) {
  if (cairn_curl_load_error() != NULL) return NULL;
  return curl_api.slist_append(list, line);
}

void cairn_curl_slist_free_all(struct curl_slist *list) {
  if (cairn_curl_load_error() != NULL || list == NULL) return;
  curl_api.slist_free_all(list);
}

CURLM *cairn_curl_multi_init(void) {
  if (cairn_curl_load_error() != NULL) return NULL;
  return curl_api.multi_init();
}

CURLMcode cairn_curl_multi_add_handle(CURLM *multi, CURL *handle) {
  if (cairn_curl_load_error() != NULL) return CURLM_INTERNAL_ERROR;
  return curl_api.multi_add_handle(multi, handle);
}

CURLMcode cairn_curl_multi_remove_handle(CURLM *multi, CURL *handle) {
  if (cairn_curl_load_error() != NULL) return CURLM_INTERNAL_ERROR;
  return curl_api.multi_remove_handle(multi, handle);
}

CURLMcode cairn_curl_multi_perform(CURLM *multi, int *running) {
  if (cairn_curl_load_error() != NULL) return CURLM_INTERNAL_ERROR;
  return curl_api.multi_perform(multi, running);
}

CURLMcode cairn_curl_multi_poll(CURLM *multi, int timeout_ms) {
  if (cairn_curl_load_error() != NULL) return CURLM_INTERNAL_ERROR;
  return curl_api.multi_poll(multi, NULL, 0, timeout_ms, NULL);
}

int cairn_curl_multi_transfer_result(CURLM *multi, CURL *handle, CURLcode *result) {
  if (cairn_curl_load_error() != NULL) return 0;
  int queued = 0;
  CURLMsg *message;
  while ((message = curl_api.multi_info_read(multi, &queued)) != NULL) {
    if (message->msg == CURLMSG_DONE && message->easy_handle == handle) {
      *result = message->data.result;
      return 1;
    }
  }
  return 0;
}

void cairn_curl_multi_cleanup(CURLM *multi) {
  if (cairn_curl_load_error() != NULL || multi == NULL) return;
  curl_api.multi_cleanup(multi);
}

const char *cairn_curl_multi_strerror(CURLMcode code) {
  if (cairn_curl_load_error() != NULL) return "libcurl is not loaded";
  return curl_api.multi_strerror(code);
}
