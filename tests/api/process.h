#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace strata::api_testing {

// A child process started by a test; its output goes to files the test can read.
struct Child {
  pid_t pid = -1;
  std::string stdout_path;
  std::string stderr_path;
};

// Starts `args` with the current environment plus `environment` (a value of "" unsets it).
Child Start(const std::vector<std::string>& args,
            const std::map<std::string, std::string>& environment = {});
// Waits for the child and returns its exit code (128 + signal when killed); nullopt on timeout.
std::optional<int> Wait(const Child& child, std::chrono::milliseconds timeout);
std::string ReadFile(const std::string& path);
// Waits for a file to appear with content; returns it, or "" after `timeout`.
std::string WaitForFile(const std::string& path, std::chrono::milliseconds timeout);

}  // namespace strata::api_testing
