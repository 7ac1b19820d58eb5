#!/usr/bin/env bash
# Load benchmark of the request path: an authenticated GET /v1/api-keys/{id} (key check + rate limit + grain
# read) against a bare endpoint of the same process (/health/live), at 64 connections, plus the 429 path.
# Builds the Api in Release, starts it embedded on loopback, drives it with wrk, and rewrites docs/benchmarks.md.
#   bash bench/run.sh            # 20 s per run
#   DURATION=60s bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-5099}
OUT=bench/out
mkdir -p "$OUT"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet publish src/Api -c Release -o "$OUT/api" --nologo -v quiet >/dev/null

# The sandbox limit is raised so the authenticated run measures the full path, not 429s.
Insure__AdminSecret=bench-admin Insure__SeedPlayground=false Insure__RateLimits__Sandbox=1000000000 \
Insure__Orleans__SiloPort=21111 Insure__Orleans__GatewayPort=31000 Logging__LogLevel__Default=Warning \
  dotnet "$OUT/api/Insure.Api.dll" --urls "http://127.0.0.1:$PORT" >"$OUT/api.log" 2>&1 &
API_PID=$!
trap 'kill $API_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.5; done

base="http://127.0.0.1:$PORT"
org=$(curl -fs -X POST "$base/v1/admin/organizations" -H "Authorization: Bearer bench-admin" -H "Content-Type: application/json" -d '{"name":"Bench"}')
org_id=$(echo "$org" | sed -E 's/.*"id":"(org_[^"]+)".*/\1/')
key=$(echo "$org" | sed -E 's/.*"key":"(sk_test_[^"]+)".*/\1/')
key_id=$(echo "$org" | sed -E 's/.*"apiKey":\{"id":"(key_[^"]+)".*/\1/')
# A production key of a standard-tier organization keeps the default 1,000/min limit: nearly all of its run is 429s.
curl -fs -X PATCH "$base/v1/admin/organizations/$org_id" -H "Authorization: Bearer bench-admin" -H "Content-Type: application/json" -d '{"liveApproved":true}' >/dev/null
live=$(curl -fs -X POST "$base/v1/api-keys" -H "Authorization: Bearer $key" -H "Content-Type: application/json" -d '{"name":"live","scopes":["*"],"environment":"production"}' | sed -E 's/.*"key":"(sk_live_[^"]+)".*/\1/')

run() { # name, path, [auth header]
  local name=$1 path=$2 header=${3:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" -d5s "$base$path" >/dev/null   # warm-up
  wrk "${args[@]}" "$base$path" >"$OUT/$name.txt"
}
run bare /health/live
run authenticated "/v1/api-keys/$key_id" "Authorization: Bearer $key"
run rate_limited "/v1/api-keys" "Authorization: Bearer $live"
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status")

rps() { awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$OUT/$1.txt"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$OUT/$1.txt"; }
total() { awk '/requests in/ {print $1}' "$OUT/$1.txt"; }
ratio=$(awk -v a="$(rps authenticated)" -v b="$(rps bare)" 'BEGIN {printf "%.2f", a / b}')

cpu=$(awk -F: '/model name/ {gsub(/^ /, "", $2); print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
cat > docs/benchmarks.md <<MD
# Benchmarks

Produced by \`bash bench/run.sh\` (DURATION=$DURATION, $CONNECTIONS connections, $THREADS wrk threads) on $(date -u +%Y-%m-%d).
Machine: $(nproc) cores ($cpu), $mem, $(uname -sr), .NET $(dotnet --version). wrk runs on the same machine as the
server, so the two share the cores. The Api runs in Release, embedded mode (in-memory storage), on loopback.

| run | path | requests/s | p50 | p90 | p99 | non-2xx |
|---|---|---:|---:|---:|---:|---:|
| bare endpoint | \`GET /health/live\` | $(rps bare) | $(pct bare 50) | $(pct bare 90) | $(pct bare 99) | $(non2xx bare) |
| authenticated read | \`GET /v1/api-keys/{id}\` (key check + rate limit + grain) | $(rps authenticated) | $(pct authenticated 50) | $(pct authenticated 90) | $(pct authenticated 99) | $(non2xx authenticated) |
| over the limit | \`GET /v1/api-keys\` with a 1,000/min key (spent during the warm-up) | $(rps rate_limited) | $(pct rate_limited 50) | $(pct rate_limited 90) | $(pct rate_limited 99) | $(non2xx rate_limited) of $(total rate_limited) |

Authenticated / bare throughput: **$ratio** (goal: at least 0.5, with p99 under 10 ms at 64 connections).
Peak resident memory of the Api process over the whole run: $((rss_kb / 1024)) MiB.

Empty non-2xx cells mean none. The raw wrk outputs are in \`bench/out/\` after a run.
MD
cat docs/benchmarks.md
