#ifndef CAIRN_CCURLSHIM_H
#define CAIRN_CCURLSHIM_H
#include <curl/curl.h>

// Every call loads libcurl.so.4 on first use (dlopen) rather than linking it. NULL when it
// loaded, else why not (the dlopen error).
const char *cairn_curl_load_error(void);

// Typed wrappers over curl's variadic setopt/getinfo, which Swift cannot call.
CURLcode cairn_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode cairn_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode cairn_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode cairn_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode cairn_curl_setopt_write_function(CURL *handle,
    size_t (*callback)(char *, size_t, size_t, void *));
CURLcode cairn_curl_setopt_header_function(CURL *handle,
    size_t (*callback)(char *, size_t, size_t, void *));
CURLcode cairn_curl_setopt_xferinfo_function(CURL *handle,
    int (*callback)(void *, curl_off_t, curl_off_t, curl_off_t, curl_off_t));
CURLcode cairn_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

// curl_version_info(CURLVERSION_NOW): CURLVERSION_NOW is a macro Swift does not import.
const curl_version_info_data *cairn_curl_version_info(void);
// The library's feature names ("SSL", "HTTP2", ...), NULL-terminated; NULL when the
// library is older than 7.87, which has no such list.
const char *const *cairn_curl_feature_names(const curl_version_info_data *info);


// The easy and multi calls a streaming transfer needs, through the loaded library. When
// libcurl cannot be loaded they fail (NULL, CURLM_INTERNAL_ERROR) and
// cairn_curl_load_error() says why.
CURL *cairn_curl_easy_init(void);
void cairn_curl_easy_cleanup(CURL *handle);
const char *cairn_curl_easy_strerror(CURLcode code);
struct curl_slist *cairn_curl_slist_append(struct curl_slist *list, const char *line);
void cairn_curl_slist_free_all(struct curl_slist *list);
CURLM *cairn_curl_multi_init(void);
CURLMcode cairn_curl_multi_add_handle(CURLM *multi, CURL *handle);
CURLMcode cairn_curl_multi_remove_handle(CURLM *multi, CURL *handle);
CURLMcode cairn_curl_multi_perform(CURLM *multi, int *running);
// curl_multi_poll without extra descriptors: waits up to timeout_ms for socket activity.
CURLMcode cairn_curl_multi_poll(CURLM *multi, int timeout_ms);
// Drains the multi handle's messages; 1 and the transfer's result when `handle` finished.
int cairn_curl_multi_transfer_result(CURLM *multi, CURL *handle, CURLcode *result);
void cairn_curl_multi_cleanup(CURLM *multi);
const char *cairn_curl_multi_strerror(CURLMcode code);

#endif
