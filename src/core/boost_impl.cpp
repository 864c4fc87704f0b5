// Debian's Boost 1.81 ships no compiled Boost.JSON or Boost.URL: this is their one build.
#include <boost/json/src.hpp>  // NOLINT(misc-include-cleaner)
#include <boost/url/src.hpp>   // NOLINT(misc-include-cleaner)
