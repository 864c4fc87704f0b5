#pragma once

// Boost.JSON, compiled once in core/boost_impl.cpp, under a short name.
#include <boost/json.hpp>

namespace strata {
namespace json = boost::json;
}  // namespace strata
