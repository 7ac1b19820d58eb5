#!/usr/bin/env bash
# Runs every test: unit, grain (Orleans TestingHost), API (WebApplicationFactory), PostgreSQL and cluster tests.
# The PostgreSQL tests start their own throwaway server from the Debian `postgresql` package; it, curl, jq and
# chromium are installed here when missing. Ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# The database tests need a PostgreSQL server; the example test runs a bash script with curl and jq; the
# explorer test drives Debian's Chromium.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

log=$(mktemp)
dotnet test Insure.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The .NET runners print one "Passed!/Failed! - Failed: F, Passed: P, ..." line per test project.
read -r passed failed < <(grep -E '^(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+' "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \1/' \
  | awk '{p+=$1; f+=$2} END {print p+0, f+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the build or the runner failed before reporting a test
fi
echo "$passed passed, $failed failed"
exit "$status"
