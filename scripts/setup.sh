#!/usr/bin/env bash
# Installs what Strata needs to build, run and test, skipping what is already there:
# Debian 12 packages through apt-get, and the front-end packages through npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  # Build
  build-essential cmake ninja-build ccache pkg-config clang-format clang-tidy
  # Sanitizer and fuzzing build (make test-sanitize, make fuzz): clang 14 and its runtimes
  clang libclang-rt-14-dev
  # Libraries
  libboost1.81-dev libsoci-dev libsqlite3-dev libpq-dev libsodium-dev libcli11-dev
  libspdlog-dev libfmt-dev libtomlplusplus-dev libicu-dev libpsl-dev libcsv-dev
  libphonenumber8 libabsl-dev libprotobuf-dev zlib1g-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # Running and testing
  sqlite3 postgresql-15 postgresql-client-15 python3 python3-aiosmtpd
  chromium
)
# Node 20 and npm may come from Debian or be on the machine already; either will do.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)
if [[ "${1:-}" == "--bench" ]]; then packages+=(wrk nginx-light); fi
# --security: sqlmap and a YAML reader for tests/security/sqlmap.sh.
if [[ " $* " == *" --security "* ]]; then packages+=(sqlmap python3-yaml); fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  # The server packages must not start services of their own on this machine.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
fi

# libphonenumber's headers. Debian's libphonenumber-dev depends on the Boost 1.74 development
# packages, which conflict with Boost 1.81 (apt would remove libboost1.81-dev to install it). The
# library itself (libphonenumber8) needs no Boost, so its headers are unpacked from the same
# version's -dev package into .deps/ instead of installing that package.
phonenumber_headers=.deps/phonenumber/include
if [[ ! -f "$phonenumber_headers/phonenumbers/phonenumberutil.h" ]]; then
  version=$(dpkg-query -W -f='${Version}' libphonenumber8)
  unpack=$(mktemp -d)
  (cd "$unpack" && apt-get download -qq "libphonenumber-dev=$version" 2>/dev/null) ||
    { apt-get update -qq && (cd "$unpack" && apt-get download -qq "libphonenumber-dev=$version"); }
  dpkg-deb -x "$unpack"/libphonenumber-dev_*.deb "$unpack/root"
  mkdir -p "$phonenumber_headers"
  cp -r "$unpack/root/usr/include/phonenumbers" "$phonenumber_headers/"
  rm -rf "$unpack"
  echo "setup: libphonenumber $version headers in $phonenumber_headers"
fi

# npm ci only when the lock file changed since the last install.
for dir in web tests/e2e tests/contract; do
  [[ -f "$dir/package-lock.json" ]] || continue
  stamp="$dir/node_modules/.strata-lock"
  if [[ ! -f "$stamp" ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
done
