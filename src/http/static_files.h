#pragma once

#include <map>
#include <string>

#include "core/error.h"
#include "http/message.h"

namespace strata::http {

// The built portal (web/dist), loaded into memory once: each file with its content type, a strong
// ETag and, for text worth compressing, a gzip copy. Serves GET and HEAD with conditional
// requests, long caching for hashed assets, and index.html for client-side routes.
class StaticFiles {
 public:
  // Loads every regular file under `directory`. kNotFound when it holds no index.html.
  static core::Result<StaticFiles> Load(const std::string& directory);

  // An empty set: every request answers a 404 problem explaining that the portal is not built.
  static StaticFiles Missing(std::string reason);

  Response Serve(const Request& request) const;
  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::string content_type;
    std::string etag;
    std::string body;
    std::string gzipped;  // Empty when compression does not pay.
  };

  const File* Find(const std::string& path) const;

  std::map<std::string, File> files_;  // Keyed by URL path: "/index.html", "/assets/x.js".
  std::string missing_reason_;
};

// The media type for a file name's extension; application/octet-stream when unknown.
std::string ContentTypeFor(const std::string& path);

// Gzip-compresses `data` (zlib, level 6).
std::string Gzip(const std::string& data);

}  // namespace strata::http
