#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace strata::core {

// The closed set of expected failures; src/http/problem.cpp maps each to an HTTP status.
enum class Errc {
  kInvalidArgument,
  kNotFound,
  kConflict,
  kUnauthenticated,
  kForbidden,
  kRateLimited,
  kUnavailable,
  kPayloadTooLarge,
  kUnsupportedMediaType,
};

// A message about one input field, shown next to that field.
struct FieldError {
  std::string field;
  std::string message;
};

// An expected failure: a code, a human message, and per-field messages for validation.
struct Error {
  Errc code = Errc::kInvalidArgument;
  std::string message;
  std::vector<FieldError> fields;

  static Error Invalid(std::string message, std::vector<FieldError> fields = {}) {
    return {Errc::kInvalidArgument, std::move(message), std::move(fields)};
  }
  static Error NotFound(std::string message) { return {Errc::kNotFound, std::move(message), {}}; }
  static Error Conflict(std::string message) { return {Errc::kConflict, std::move(message), {}}; }
  static Error Unavailable(std::string message) {
    return {Errc::kUnavailable, std::move(message), {}};
  }
};

// The stable slug of a code, used in problem types and logs ("invalid-argument").
const char* ErrcSlug(Errc code);

// Either a value or an Error. Expected failures travel as values; bugs throw.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation that yields nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace strata::core
