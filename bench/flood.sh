#!/usr/bin/env bash
# Unknown-key flood: 50,000 well-formed API keys that match no key, sent to a Release Api (embedded, in memory), with
# the Api's resident memory and grain activations read before, during and after (bench/KeyFlood). Three runs, each
# on a fresh Api:
#   forged     random tags (what anyone can make): refused on the tag, no grain reached;
#   authentic  tags made with the Api's own signing secret, so each key is looked up: the grain must not stay;
#   limited    forged keys again, with the default failed-auth limit (30 a minute per client address).
# All requests come from 127.0.0.1, so the first two runs raise Insure__RateLimits__FailedAuthPerMinute to pass the
# per-address limit; the third keeps the default to show what one address meets.
# Writes the "Unknown-key flood" section of docs/benchmarks.md (bench/run.sh calls this after its own sections).
#   bash bench/flood.sh
#   COUNT=100000 bash bench/flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-50000}
CONCURRENCY=${CONCURRENCY:-64}
OUT=bench/out
mkdir -p "$OUT"
SIGNING=flood-bench-signing-secret-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
API_PID=""
source bench/lib.sh
cleanup() { [ -n "$API_PID" ] && kill "$API_PID" 2>/dev/null || true; }
trap cleanup EXIT

dotnet publish src/Api -c Release -o "$OUT/api" --nologo -v quiet >/dev/null
dotnet publish bench/KeyFlood -c Release -o "$OUT/keyflood" --nologo -v quiet >/dev/null

# run NAME MODE [VAR=value ...]: a fresh Api, the flood, the Api stopped; the JSON result in $OUT/flood-NAME.json.
run() {
  local name=$1 mode=$2; shift 2
  local port=5096
  env Insure__SeedPlayground=false Insure__KeySigningSecret="$SIGNING" \
      Insure__Orleans__SiloPort=$((port + 10000)) Insure__Orleans__GatewayPort=$((port + 20000)) Logging__LogLevel__Default=Warning "$@" \
      dotnet "$OUT/api/Insure.Api.dll" --urls "http://127.0.0.1:$port" >"$OUT/flood-api-$name.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
  dotnet "$OUT/keyflood/Insure.KeyFlood.dll" --url "http://127.0.0.1:$port" --count "$COUNT" --concurrency "$CONCURRENCY" \
    --pid "$API_PID" --gateway $((port + 20000)) --mode "$mode" --signing-secret "$SIGNING" >"$OUT/flood-$name.json" 2>"$OUT/flood-$name.err"
  kill "$API_PID"; wait "$API_PID" 2>/dev/null || true
  API_PID=""
}
run forged forged Insure__RateLimits__FailedAuthPerMinute=1000000000
run authentic authentic Insure__RateLimits__FailedAuthPerMinute=1000000000
run limited forged

field() { sed -E "s/.*\"$2\":([^,}]+).*/\1/" "$OUT/flood-$1.json"; }
statuses() { sed -E 's/.*"statuses":\{([^}]*)\}.*/\1/; s/"//g; s/:/: /g; s/,/, /g' "$OUT/flood-$1.json"; }
samples() { sed -E 's/.*"samples":\[(.*)\].*/\1/; s/\},\{/}\n{/g' "$OUT/flood-$1.json" \
  | sed -E 's/.*"sent":([0-9]+),"rssMiB":([0-9]+),"activations":([0-9]+),"apiKeyActivations":([0-9]+).*/\1 → \2 MiB, \4/' | paste -sd ';' | sed 's/;/; /g'; }
row() { # name, label
  echo "| $2 | $(statuses "$1") | $(field "$1" requestsPerSecond) | $(field "$1" rssBeforeMiB) → $(field "$1" rssAfterMiB) MiB (peak $(field "$1" rssPeakMiB)) | $(field "$1" activationsBefore) → $(field "$1" activationsAfter) | $(field "$1" apiKeyActivationsBefore) → $(field "$1" apiKeyActivationsAfter) (most seen: $(field "$1" apiKeyActivationsMaxSampled)) |"
}
section=$(mktemp)
cat > "$section" <<MD
<!-- flood: written by bench/flood.sh -->
## Unknown-key flood (embedded, in-memory storage; bench/KeyFlood, $CONCURRENCY concurrent requests)

Produced by \`bash bench/flood.sh\` (COUNT=$COUNT) on $(date -u +%Y-%m-%d). Machine: $(machine);
the load generator shares the machine. Each run starts a fresh Release Api, warms
it up with 10,000 keys of the same kind, then sends $COUNT well-formed keys with random organization and key ids and random
secrets to \`GET /v1/events\`, all from 127.0.0.1. Memory is the Api process's resident set (VmRSS, peak VmHWM);
activations are the embedded silo's, read through its gateway with \`IManagementGrain.GetSimpleGrainStatistics\`
after every 10,000 keys and every 100 ms during the run ("most seen").
The forged and authentic runs pass the per-address failed-auth limit by configuring it high
(\`Insure__RateLimits__FailedAuthPerMinute=1000000000\`); the limited run keeps the default of 30 a minute.

| run | responses | requests/s | RSS before → after | all activations before → after | ApiKeyGrain activations before → after |
|---|---|---:|---|---:|---:|
$(row forged "forged: random tags")
$(row authentic "authentic tags (made with the Api's secret), no such keys")
$(row limited "forged, default failed-auth limit")

After every 10,000 keys (sent → RSS, ApiKeyGrain activations): forged $(samples forged); authentic $(samples authentic);
limited $(samples limited).

Forged keys never reach a grain, so nothing is activated whatever their number; the activations present throughout
are Orleans' own (stream queues, reminders, management), the readiness probe's, and, once a key has been looked up,
the memory storage's partitions. Authentic-looking keys for missing ids are each looked up once and their activation
deactivates as soon as the answer is sent, so ApiKeyGrain activations stay near the number of requests in flight
($CONCURRENCY; "most seen" also counts activations still deactivating) rather than growing with the flood. Requests/s is the whole loop, client included, on
the same two cores.

The authentic run's memory does grow, by about 0.5 KiB per missing id. A heap snapshot after 100,000 such keys
(\`dotnet-gcdump collect\`, which forces a full collection first; 2026-11-25) showed 62 MB of live heap, the largest part
the arrays of Orleans' grain directory cache: an LRU of recently located grains, bounded by
\`GrainDirectoryOptions.CacheSize\` (1,000,000 by default), which keeps entries for grains that have since deactivated.
So that growth is bounded too, by Orleans' cache size rather than by the flood, and only keys carrying this server's
tag reach it; forged keys leave memory flat.
<!-- /flood -->
MD
write_section flood flood.sh "$section"
rm -f "$section"
