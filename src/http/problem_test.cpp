#include "http/problem.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace strata::http {
namespace {

TEST(RowsProblemResponseTest, ListsEveryRowInOrder) {
  const Response response = RowsProblemResponse(
      "3 rows were rejected; nothing was imported",
      {{2, "company", "is required"}, {2, "country", "must be two letters"}, {9, "", "too long"}});
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  const json::value body = json::parse(response.body);
  EXPECT_EQ(body.at("type"), "urn:strata:problem:invalid-argument");
  EXPECT_EQ(body.at("status"), 400);
  EXPECT_EQ(body.at("detail"), "3 rows were rejected; nothing was imported");
  EXPECT_FALSE(body.as_object().contains("errors"));
  EXPECT_EQ(body.at("rows"),
            json::parse(R"([{"line":2,"field":"company","message":"is required"},)"
                        R"({"line":2,"field":"country","message":"must be two letters"},)"
                        R"({"line":9,"field":"","message":"too long"}])"));
}

TEST(RowsProblemResponseTest, MessagesAreJsonEscaped) {
  const Response response = RowsProblemResponse("rejected", {{1, "a\"b", "<script>\n"}});
  const json::value body = json::parse(response.body);
  EXPECT_EQ(body.at("rows").at(0).at("field"), "a\"b");
  EXPECT_EQ(body.at("rows").at(0).at("message"), "<script>\n");
}

TEST(ProblemResponseTest, KeepsTheFirstMessageOfAField) {
  const Response response = ErrorResponse(
      core::Error::Invalid("check", {{"name", "is required"}, {"name", "is too long"}}));
  const json::value body = json::parse(response.body);
  EXPECT_EQ(body.at("errors"), json::parse(R"({"name":"is required"})"));
  EXPECT_FALSE(body.as_object().contains("rows"));
}

}  // namespace
}  // namespace strata::http
