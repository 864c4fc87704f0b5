#include "http/static_files.h"

#include <sodium.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "http/etag.h"
#include "http/problem.h"

namespace strata::http {
namespace {

namespace fs = std::filesystem;

bool Compressible(const std::string& content_type) {
  return content_type.rfind("text/", 0) == 0 ||
         content_type.find("javascript") != std::string::npos ||
         content_type.find("json") != std::string::npos ||
         content_type.find("svg") != std::string::npos ||
         content_type.find("wasm") != std::string::npos;
}

bool AcceptsGzip(std::string_view accept_encoding) {
  // "gzip;q=0" explicitly refuses it.
  const auto at = accept_encoding.find("gzip");
  if (at == std::string_view::npos) return false;
  const auto rest = accept_encoding.substr(at + 4, 6);
  return rest.rfind(";q=0", 0) != 0 || rest.rfind(";q=0.", 0) == 0;
}

}  // namespace

std::string ContentTypeFor(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".pdf", "application/pdf"},
  };
  auto it = kTypes.find(fs::path(path).extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

std::string Gzip(const std::string& data) {
  z_stream stream{};
  // windowBits 15 + 16 asks zlib for a gzip header and trailer.
  if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib deflateInit2 failed");
  }
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
  out.resize(stream.total_out);
  return out;
}

core::Result<StaticFiles> StaticFiles::Load(const std::string& directory) {
  std::error_code error;
  if (!fs::is_regular_file(fs::path(directory) / "index.html", error)) {
    return core::Error::NotFound("no index.html in " + directory);
  }
  StaticFiles files;
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream input(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << input.rdbuf();
    File file;
    file.body = content.str();
    const std::string url = "/" + fs::relative(entry.path(), directory).generic_string();
    file.content_type = ContentTypeFor(url);
    file.etag = EtagOf(file.body);
    if (Compressible(file.content_type) && file.body.size() > 256) {
      std::string gzipped = Gzip(file.body);
      if (gzipped.size() < file.body.size() * 9 / 10) file.gzipped = std::move(gzipped);
    }
    files.files_.emplace(url, std::move(file));
  }
  return files;
}

StaticFiles StaticFiles::Missing(std::string reason) {
  StaticFiles files;
  files.missing_reason_ = std::move(reason);
  return files;
}

const StaticFiles::File* StaticFiles::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

Response StaticFiles::Serve(const Request& request) const {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    Response response = ProblemResponse(405, "method-not-allowed", "Method not allowed",
                                        "Only GET and HEAD are served here.");
    response.SetHeader("Allow", "GET, HEAD");
    return response;
  }
  if (files_.empty()) {
    return ProblemResponse(404, "not-found", "Not found",
                           "The portal is not built (" + missing_reason_ + "); run make.");
  }
  const std::string path = request.path == "/" ? "/index.html" : request.path;
  const File* file = Find(path);
  bool is_index = path == "/index.html";
  if (file == nullptr) {
    // A client-side route (no file extension) gets the app; a missing asset is a real 404.
    const auto last_slash = path.rfind('/');
    const bool has_extension = path.find('.', last_slash) != std::string::npos;
    if (has_extension) {
      return ProblemResponse(404, "not-found", "Not found", "No file at " + request.path + ".");
    }
    file = Find("/index.html");
    is_index = true;
  }

  Response response;
  response.SetHeader("Content-Type", file->content_type);
  response.SetHeader("ETag", file->etag);
  // Vite puts content-hashed names under /assets/: they never change, so cache them for a year.
  response.SetHeader("Cache-Control", path.rfind("/assets/", 0) == 0 && !is_index
                                          ? "public, max-age=31536000, immutable"
                                          : "no-cache");
  if (!file->gzipped.empty()) response.SetHeader("Vary", "Accept-Encoding");
  if (EtagMatches(request.Header("if-none-match"), file->etag)) {
    response.status = 304;
    return response;
  }
  if (!file->gzipped.empty() && AcceptsGzip(request.Header("accept-encoding"))) {
    response.SetHeader("Content-Encoding", "gzip");
    response.body = file->gzipped;
  } else {
    response.body = file->body;
  }
  return response;
}

}  // namespace strata::http
