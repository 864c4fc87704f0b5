# Third-party libraries, all from Debian 12 packages (scripts/setup.sh installs them).

find_package(Threads REQUIRED)
find_package(Boost 1.81.0 EXACT REQUIRED)
find_package(CLI11 REQUIRED)
find_package(spdlog REQUIRED)
find_package(fmt REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(GTest REQUIRED)
find_package(ZLIB REQUIRED)
find_package(CURL REQUIRED)
find_package(ICU REQUIRED COMPONENTS uc i18n)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(PSL REQUIRED IMPORTED_TARGET libpsl)

# Debian's libsoci-dev ships neither a CMake config nor a pkg-config file.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
find_library(SOCI_CORE_LIBRARY soci_core REQUIRED)
find_library(SOCI_SQLITE3_LIBRARY soci_sqlite3 REQUIRED)
find_library(SOCI_POSTGRESQL_LIBRARY soci_postgresql REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)

add_library(soci::core UNKNOWN IMPORTED)
set_target_properties(soci::core PROPERTIES
  IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")
add_library(soci::sqlite3 UNKNOWN IMPORTED)
set_target_properties(soci::sqlite3 PROPERTIES
  IMPORTED_LOCATION "${SOCI_SQLITE3_LIBRARY}"
  INTERFACE_LINK_LIBRARIES "soci::core;SQLite::SQLite3")
add_library(soci::postgresql UNKNOWN IMPORTED)
set_target_properties(soci::postgresql PROPERTIES
  IMPORTED_LOCATION "${SOCI_POSTGRESQL_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PostgreSQL_INCLUDE_DIRS}"
  INTERFACE_LINK_LIBRARIES "soci::core;${PostgreSQL_LIBRARIES}")

# Debian's libcsv-dev (the CSV reader's parser) ships neither a CMake config nor a pkg-config file.
find_path(LIBCSV_INCLUDE_DIR csv.h REQUIRED)
find_library(LIBCSV_LIBRARY csv REQUIRED)
add_library(libcsv::libcsv UNKNOWN IMPORTED)
set_target_properties(libcsv::libcsv PROPERTIES
  IMPORTED_LOCATION "${LIBCSV_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${LIBCSV_INCLUDE_DIR}")

# libphonenumber (phone numbers in E.164): the library from Debian's libphonenumber8, its headers
# unpacked into .deps/ by scripts/setup.sh, because Debian's libphonenumber-dev would replace
# Boost 1.81 with 1.74. The library was built without Boost (its singletons use pthread_once),
# so the headers are used as they are.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h
  HINTS ${PROJECT_SOURCE_DIR}/.deps/phonenumber/include REQUIRED)
find_library(PHONENUMBER_LIBRARY NAMES phonenumber libphonenumber.so.8 REQUIRED)
find_library(PROTOBUF_LIBRARY protobuf REQUIRED)
add_library(PhoneNumber::phonenumber UNKNOWN IMPORTED)
set_target_properties(PhoneNumber::phonenumber PROPERTIES
  IMPORTED_LOCATION "${PHONENUMBER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PHONENUMBER_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${PROTOBUF_LIBRARY}")
