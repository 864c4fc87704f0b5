#include "http/cookies.h"

#include <gtest/gtest.h>

namespace strata::http {
namespace {

TEST(CookiesTest, FindsACookieAmongOthers) {
  Request request;
  request.headers = {{"cookie", "theme=dark; strata_session=abc123 ; other=\"quoted\""},
                     {"cookie", "late=1"}};
  EXPECT_EQ(CookieValue(request, "strata_session"), "abc123");
  EXPECT_EQ(CookieValue(request, "other"), "quoted");
  EXPECT_EQ(CookieValue(request, "late"), "1");
  EXPECT_FALSE(CookieValue(request, "missing"));
  EXPECT_FALSE(CookieValue(request, "strata"));
}

TEST(CookiesTest, SetCookieCarriesTheSecurityAttributes) {
  EXPECT_EQ(SetCookie("s", "v1", {.max_age_seconds = 60, .secure = true}),
            "s=v1; Path=/; SameSite=Lax; Max-Age=60; HttpOnly; Secure");
  EXPECT_EQ(SetCookie("s", "", {.max_age_seconds = 0}),
            "s=; Path=/; SameSite=Lax; Max-Age=0; HttpOnly");
  EXPECT_THROW(SetCookie("s", "a; Domain=evil", {}), std::invalid_argument);
}

}  // namespace
}  // namespace strata::http
