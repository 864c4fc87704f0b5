#include "http/request_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace strata::http {
namespace {

TEST(ReadRequestTest, ReadsARequestLikeTheServer) {
  const std::string bytes =
      "POST /api/v1/things%20here?a=1&b=x%26y HTTP/1.1\r\nHost: x\r\nX-Custom: One\r\n"
      "Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
  const ReadResult result = ReadRequest(bytes, {}, "10.0.0.1");
  ASSERT_EQ(result.outcome, ReadOutcome::kRequest) << result.detail;
  EXPECT_EQ(result.request.method, Method::kPost);
  EXPECT_EQ(result.request.path, "/api/v1/things here");
  ASSERT_EQ(result.request.query.size(), 2U);
  EXPECT_EQ(result.request.query[1].second, "x&y");
  EXPECT_EQ(result.request.Header("x-custom"), "One");
  EXPECT_EQ(result.request.body, "{\"a\":1}");
  EXPECT_EQ(result.request.remote_address, "10.0.0.1");
  EXPECT_EQ(result.consumed, bytes.size());
  EXPECT_TRUE(result.keep_alive);
  EXPECT_FALSE(result.head);
}

TEST(ReadRequestTest, ReadsPipelinedRequestsOneAtATime) {
  const std::string bytes = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.0\r\nHost: x\r\n\r\n";
  const ReadResult first = ReadRequest(bytes, {});
  ASSERT_EQ(first.outcome, ReadOutcome::kRequest);
  EXPECT_EQ(first.request.path, "/a");
  const ReadResult second = ReadRequest(std::string_view(bytes).substr(first.consumed), {});
  ASSERT_EQ(second.outcome, ReadOutcome::kRequest);
  EXPECT_EQ(second.request.path, "/b");
  EXPECT_TRUE(second.head);
  EXPECT_EQ(second.version, 10U);
  EXPECT_FALSE(second.keep_alive);
}

TEST(ReadRequestTest, ReadsAChunkedBody) {
  const ReadResult result = ReadRequest(
      "PUT /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
      {});
  ASSERT_EQ(result.outcome, ReadOutcome::kRequest) << result.detail;
  EXPECT_EQ(result.request.body, "abcde");
}

TEST(ReadRequestTest, RefusesWhatTheServerRefuses) {
  EXPECT_EQ(ReadRequest("", {}).outcome, ReadOutcome::kIncomplete);
  EXPECT_EQ(ReadRequest("GET / HTTP/1.1\r\nHost: x\r\n", {}).outcome, ReadOutcome::kIncomplete);
  EXPECT_EQ(ReadRequest("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", {}).outcome,
            ReadOutcome::kIncomplete);
  EXPECT_EQ(ReadRequest("HELLO\r\n\r\n", {}).outcome, ReadOutcome::kMalformed);
  const ReadResult bad_target = ReadRequest("GET http://a/b HTTP/1.1\r\nHost: x\r\n\r\n", {});
  EXPECT_EQ(bad_target.outcome, ReadOutcome::kBadTarget);
  EXPECT_FALSE(bad_target.detail.empty());

  RequestLimits small;
  small.header_limit = 64;
  small.body_limit = 4;
  EXPECT_EQ(
      ReadRequest("GET / HTTP/1.1\r\nX: " + std::string(100, 'a') + "\r\n\r\n", small).outcome,
      ReadOutcome::kHeaderTooLarge);
  const ReadResult big_body =
      ReadRequest("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nabcde", small);
  EXPECT_EQ(big_body.outcome, ReadOutcome::kBodyTooLarge);
  EXPECT_NE(big_body.detail.find("4 bytes"), std::string::npos);
}

}  // namespace
}  // namespace strata::http
