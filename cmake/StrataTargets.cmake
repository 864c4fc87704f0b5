# Shared settings for every Strata target: warnings, sanitizers and the test helper.

add_library(strata_options INTERFACE)
target_compile_options(strata_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  $<$<BOOL:${STRATA_WERROR}>:-Werror>)
target_compile_definitions(strata_options INTERFACE
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
if(STRATA_SANITIZE)
  # Without vptr: its checks need the type information of every polymorphic class they meet, and
  # Debian's libsoci does not export that of its internal classes (the links fail). Clang 14
  # without function too: it cannot emit that check's data for coroutines ("Cannot represent a
  # difference across sections", llvm/llvm-project#49689), and server.cpp is made of them.
  set(strata_not_sanitized "vptr$<$<CXX_COMPILER_ID:Clang>:,function>")
  target_compile_options(strata_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize=${strata_not_sanitized}
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(strata_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize=${strata_not_sanitized})
endif()
if(STRATA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "STRATA_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++)")
  endif()
  # Coverage feedback in every target; only the fuzz targets link libFuzzer's main.
  target_compile_options(strata_options INTERFACE -fsanitize=fuzzer-no-link)
  target_link_options(strata_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Seconds one test may take: the leak harness on PostgreSQL took 450 s on a busy 2-core machine,
# so 900 everywhere, and more under the sanitizers, which slow code down.
set(STRATA_TEST_TIMEOUT 900)
if(STRATA_SANITIZE)
  set(STRATA_TEST_TIMEOUT 1800)
endif()

# strata_test(NAME SOURCES... LIBS ...): a GoogleTest executable whose tests join CTest.
function(strata_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} strata_options GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES TIMEOUT ${STRATA_TEST_TIMEOUT})
endfunction()
