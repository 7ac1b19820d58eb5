#!/usr/bin/env bash
# Benchmarks, rewriting docs/benchmarks.md:
#  1. the request path: an authenticated GET /v1/api-keys/{id} (key check + rate limit + read) against a
#     bare endpoint of the same process (/health/live) at 64 connections with wrk, plus the 429 path, and a submission
#     read with an agency access token beside the same read with the key;
#  2. the bind flow (submission -> quote -> bind) and the claim flow (FNOL -> investigate -> reserve -> settle) with
#     bench/FlowLoad, in embedded (memory) and Postgres mode;
#     In Postgres mode it also counts what one request of each step costs the database (statements and WAL bytes, from
#     pg_stat_statements) and the statements behind a bind, and measures the ceiling of durable writes on this machine:
#     single-row inserts, one per transaction, from as many connections as the flows use (bench/InsertCeiling);
#  3. collection: invoices charged per second by the due-date reminder ticks (bench/CollectionLoad), both modes;
#  3b. memory: the Api's resident memory and activations after 100,000 bound policies (embedded, in memory);
#  4. the unknown-key flood (bench/flood.sh, which writes its own section);
#  5. webhook delivery throughput and latency, both modes (bench/webhooks.sh, which writes its own section and runs
#     alone too: `bash bench/webhooks.sh`);
#  6. deal rooms: posting into a long room and the live fan-out latency, both modes (bench/dealrooms.sh, likewise).
# Rate limits are raised through configuration so the runs measure the work, not 429s.
#   bash bench/run.sh                     # 20 s per run
#   DURATION=60 bash bench/run.sh
#   MAIN_ONLY=1 DURATION=3 FLOW_WARMUP=3 POLICIES=300 COLLECT_INVOICES=200 bash bench/run.sh   # a quick check of sections 1-3b
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
FLOW_WORKERS=${FLOW_WORKERS:-16}
FLOW_WARMUP=${FLOW_WARMUP:-30}
OUT=bench/out
ADMIN=bench-admin-secret-0123456789abcdef
mkdir -p "$OUT"
PGDIR=""
cleanup() {
  stop_api  # the one running, if any: each is stopped before the next starts
  stop_postgres
}
source bench/lib.sh
trap cleanup EXIT
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
# cell ROW N: the Nth |-separated field of ROW, trimmed (a markdown row's first cell is field 2).
cell() { echo "$1" | awk -F'|' -v n="$2" '{gsub(/^ +| +$/, "", $n); print $n}'; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }
dotnet publish src/Api -c Release -o "$OUT/api" --nologo -v quiet >/dev/null
dotnet publish bench/FlowLoad -c Release -o "$OUT/flowload" --nologo -v quiet >/dev/null
dotnet publish bench/CollectionLoad -c Release -o "$OUT/collectionload" --nologo -v quiet >/dev/null
dotnet publish bench/InsertCeiling -c Release -o "$OUT/insertceiling" --nologo -v quiet >/dev/null
dotnet publish bench/KeyFlood -c Release -o "$OUT/keyflood" --nologo -v quiet >/dev/null
POLICIES=${POLICIES:-100000}
COLLECT_INVOICES=${COLLECT_INVOICES:-5000}
# collect NAME LABEL [--postgres CONNECTION]: a silo in the load program's process charging COLLECT_INVOICES due
# invoices; keeps its output in $OUT/collect-NAME.txt and prints its table row.
collect() {
  local name=$1 label=$2; shift 2
  dotnet "$OUT/collectionload/Insure.CollectionLoad.dll" --invoices "$COLLECT_INVOICES" --concurrency 64 --label "$label" "$@" >"$OUT/collect-$name.txt" 2>&1
  grep -m1 '^|' "$OUT/collect-$name.txt"
}

# start_api PORT [VAR=value ...]: bench/lib.sh's, logging to $OUT/api-PORT.log and stopped on exit.
start_api() {
  local port=$1; shift
  start_api_logged "$port" "$OUT/api-$port.log" "$@"
}

# --- 1. request path -----------------------------------------------------------------------------------------
PORT=5099
start_api $PORT
base="http://127.0.0.1:$PORT"
org=$(curl -fs -X POST "$base/v1/admin/organizations" -H "Authorization: Bearer $ADMIN" -H "Content-Type: application/json" -d '{"name":"Bench"}')
org_id=$(echo "$org" | sed -E 's/.*"id":"(org_[^"]+)".*/\1/')
key=$(echo "$org" | sed -E 's/.*"key":"(sk_test_[^"]+)".*/\1/')
key_id=$(echo "$org" | sed -E 's/.*"apiKey":\{"id":"(key_[^"]+)".*/\1/')
# A production key of a standard-tier organization keeps the default 1,000/min limit, spent during its warm-up.
curl -fs -X PATCH "$base/v1/admin/organizations/$org_id" -H "Authorization: Bearer $ADMIN" -H "Content-Type: application/json" -d '{"liveApproved":true}' >/dev/null
live=$(curl -fs -X POST "$base/v1/admin/organizations/$org_id/api-keys" -H "Authorization: Bearer $ADMIN" -H "Content-Type: application/json" -d '{"name":"live","scopes":["*"],"environment":"production"}' | sed -E 's/.*"key":"(sk_live_[^"]+)".*/\1/')
# An agency with an integration, an agency-level access token, and a submission the token made.
json_field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
agency_id=$(curl -fs -X POST "$base/v1/producers" -H "Authorization: Bearer $key" -H "Content-Type: application/json" \
  -d '{"type":"agency","name":"Bench Agency","partnerAgencyId":"BENCH-1"}' | json_field id)
isk=$(curl -fs -X POST "$base/v1/integrations" -H "Authorization: Bearer $key" -H "Content-Type: application/json" \
  -d "{\"name\":\"Bench Rater\",\"agencyIds\":[\"$agency_id\"],\"scopes\":[\"submissions:write\",\"submissions:read\"]}" | json_field key)
token=$(curl -fs -X POST "$base/v1/auth/token" -H "Authorization: Bearer $isk" -H "Content-Type: application/json" \
  -d '{"partnerAgencyId":"BENCH-1"}' | json_field bearerToken)
submission_id=$(curl -fs -X POST "$base/v1/submissions" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d "{\"insuredName\":\"Bench Co\",\"lineOfBusiness\":\"GL\",\"effectiveDate\":\"$(date -u -d '+30 days' +%F)\",\"state\":\"TX\",\"naicsCode\":\"541511\",\"annualRevenue\":1000000,\"requestedLimit\":1000000,\"deductible\":1000}" \
  | json_field id)
[ -n "$submission_id" ] || { echo "bench setup: the agency token could not create a submission" >&2; exit 1; }

run_wrk() { # name, path, [auth header]
  local name=$1 path=$2 header=${3:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" --latency)
  [ -n "$header" ] && args+=(-H "$header")
  wrk "${args[@]}" -d5s "$base$path" >/dev/null   # warm-up
  wrk "${args[@]}" -d"${DURATION}s" "$base$path" >"$OUT/$name.txt"
}
# Two rounds of the same runs, one after the other, and every figure from the faster of its two: the machine's speed
# drifts during a run (one bare run here measured 52,409 requests/s while the process was still compiling its hot paths,
# another 80,983), and taking the faster run of each, the bare endpoint's as much as the others', leaves the ratios to
# the work rather than to when each run happened to fall.
for round in 1 2; do
  run_wrk "bare-$round" /health/live
  run_wrk "authenticated-$round" "/v1/api-keys/$key_id" "Authorization: Bearer $key"
  run_wrk "submission_key-$round" "/v1/submissions/$submission_id" "Authorization: Bearer $key"
  run_wrk "submission_token-$round" "/v1/submissions/$submission_id" "Authorization: Bearer $token"
done
run_wrk rate_limited "/v1/api-keys" "Authorization: Bearer $live"
# faster NAME: copies the faster of NAME-1 and NAME-2 to NAME, and keeps the other's requests/s in NAME.other; a run
# with errors (non-2xx answers or socket errors) counts only if both have them.
faster() {
  local a b ea eb ka kb
  a=$(awk '/Requests\/sec/ {print $2}' "$OUT/$1-1.txt"); b=$(awk '/Requests\/sec/ {print $2}' "$OUT/$1-2.txt")
  errors() { awk '/Non-2xx/ {n += $5} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$1"; }
  ea=$(errors "$OUT/$1-1.txt"); eb=$(errors "$OUT/$1-2.txt")
  ka=$a; kb=$b
  if [ "$ea" -gt 0 ] && [ "$eb" -eq 0 ]; then ka=0; elif [ "$eb" -gt 0 ] && [ "$ea" -eq 0 ]; then kb=0; fi
  if awk -v a="$ka" -v b="$kb" 'BEGIN {exit !(a >= b)}'; then cp "$OUT/$1-1.txt" "$OUT/$1.txt"; echo "$b" >"$OUT/$1.other"
  else cp "$OUT/$1-2.txt" "$OUT/$1.txt"; echo "$a" >"$OUT/$1.other"; fi
}
for name in bare authenticated submission_key submission_token; do faster "$name"; done
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status")
stop_api

# --- 2. bind and claim flows ------------------------------------------------------------------------------------
# flow PORT FLOW LABEL NAME: runs bench/FlowLoad, keeps its output in $OUT/flow-NAME.txt (its JSON in .json) and prints
# its table row.
flow() {
  dotnet "$OUT/flowload/Insure.FlowLoad.dll" --url "http://127.0.0.1:$1" --admin "$ADMIN" --seconds "$DURATION" \
    --warmup "$FLOW_WARMUP" --concurrency "$FLOW_WORKERS" --flow "$2" --label "$3" >"$OUT/flow-$4.txt"
  sed -n 2p "$OUT/flow-$4.txt" >"$OUT/flow-$4.json"
  sed -n 1p "$OUT/flow-$4.txt"
}
# Two rounds of the same four runs, and every row from the faster of its two runs, as in the request path: the faster
# run of each mode leaves the ratio to the work rather than to when each run fell (why: the flows section of the report).
for round in 1 2; do
  start_api 5098
  flow 5098 bind "embedded (memory)" "bind-memory-$round" >/dev/null
  stop_api
  start_api 5095
  flow 5095 claim "embedded (memory)" "claim-memory-$round" >/dev/null
  stop_api
  # A new server each round, started once the memory runs are done (its background work shares no cores with them). As
  # docker-compose.yml runs it: max_connections 200, each of the Api's pools at most 40 connections.
  start_postgres "$OUT/postgres-$round.log" -c max_connections=200
  PGCONN="Host=127.0.0.1;Port=$PGPORT;Database=postgres;Username=postgres"
  start_api 5097 Insure__Storage=Postgres "ConnectionStrings__Insure=$PGCONN;Maximum Pool Size=40" Insure__Orleans__AdvertisedIPAddress=127.0.0.1
  cpu_before=$(cpu_snapshot "$API_PID"); cpu_started=$(date +%s.%N)
  flow 5097 bind Postgres "bind-postgres-$round" >/dev/null
  cpu_split "$cpu_before" "$(cpu_snapshot "$API_PID")" "$(echo "$(date +%s.%N) - $cpu_started" | bc)" >"$OUT/flow-bind-postgres-$round.cpu"
  flow 5097 claim Postgres "claim-postgres-$round" >/dev/null
  if [ "$round" = 2 ]; then
    # What one request of each step costs the database, one request at a time (20 of each).
    dotnet "$OUT/flowload/Insure.FlowLoad.dll" --url http://127.0.0.1:5097 --admin "$ADMIN" --flow bind --roundtrips "$PGCONN" --count 20 >"$OUT/roundtrips-bind.txt"
    dotnet "$OUT/flowload/Insure.FlowLoad.dll" --url http://127.0.0.1:5097 --admin "$ADMIN" --flow claim --roundtrips "$PGCONN" --count 20 >"$OUT/roundtrips-claim.txt"
  fi
  stop_api
  # Round 2's server stays for the ceiling and collection below.
  [ "$round" = 2 ] || stop_postgres
done
# faster_flow NAME: the table row of the faster of flow-NAME-1 and flow-NAME-2 (a run with errors counts only if both
# have them), with the other's flows/s as its last cell; its files are copied to flow-NAME.*.
faster_flow() {
  local a b ea eb ka kb pick other
  a=$(cell "$(sed -n 1p "$OUT/flow-$1-1.txt")" 3); b=$(cell "$(sed -n 1p "$OUT/flow-$1-2.txt")" 3)
  ea=$(cell "$(sed -n 1p "$OUT/flow-$1-1.txt")" 8); eb=$(cell "$(sed -n 1p "$OUT/flow-$1-2.txt")" 8)
  ka=$a; kb=$b
  if [ "${ea:-0}" -gt 0 ] && [ "${eb:-0}" -eq 0 ]; then ka=0; elif [ "${eb:-0}" -gt 0 ] && [ "${ea:-0}" -eq 0 ]; then kb=0; fi
  if awk -v a="$ka" -v b="$kb" 'BEGIN {exit !(a >= b)}'; then pick=1; other=$b; else pick=2; other=$a; fi
  for file in "$OUT/flow-$1-$pick".*; do cp "$file" "$OUT/flow-$1.${file##*.}"; done
  echo "$(sed -n 1p "$OUT/flow-$1.txt") $other |"
}
bind_memory=$(faster_flow bind-memory)
claim_memory=$(faster_flow claim-memory)
bind_postgres=$(faster_flow bind-postgres)
claim_postgres=$(faster_flow claim-postgres)
bind_cpu=$(cat "$OUT/flow-bind-postgres.cpu")
ceiling=$(dotnet "$OUT/insertceiling/Insure.InsertCeiling.dll" --postgres "$PGCONN" --concurrency "$FLOW_WORKERS" --seconds "$DURATION" \
  --label "single-row insert, one transaction each")
collect_memory=$(collect memory "embedded (memory)")
# Several pools share the connection string (grain storage, reminders, clustering, query store): keep their sum under
# the server's default 100 connections.
collect_postgres=$(collect postgres Postgres --postgres "$PGCONN;Maximum Pool Size=30")
stop_postgres

# --- 3b. memory after POLICIES bound policies ---------------------------------------------------------------------
# Bound in four equal stages on the paid-in-full plan (a submission, a policy, its billing and one invoice each), with
# the activations and resident memory read after each.
start_api 5093
stats() { dotnet "$OUT/keyflood/Insure.KeyFlood.dll" --mode stats --pid "$API_PID" --gateway $((5093 + 20000)); }
memory_rows="| started, idle | $(stats | awk -F'|' '{print $1 " | " $2 " MiB | " $3}') |"
for stage in 1 2 3 4; do
  filled=$(dotnet "$OUT/flowload/Insure.FlowLoad.dll" --url http://127.0.0.1:5093 --admin "$ADMIN" --flow bind --plan PIF \
    --flows $((POLICIES / 4)) --concurrency "$FLOW_WORKERS")
  memory_rows="$memory_rows
| $((POLICIES * stage / 4)) policies (this stage: $(cell "|$filled" 3) s, $(cell "|$filled" 4) errors) | $(stats | awk -F'|' '{print $1 " | " $2 " MiB | " $3}') |"
done
peak_fill_mib=$(( $(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status") / 1024 ))
stop_api

# --- report ------------------------------------------------------------------------------------------------------
rps() { awk '/Requests\/sec/ {print $2}' "$OUT/$1.txt"; }
pct() { awk -v p="$2%" '$1 == p {print $2}' "$OUT/$1.txt"; }
non2xx() { awk '/Non-2xx/ {print $5}' "$OUT/$1.txt"; }
total() { awk '/requests in/ {print $1}' "$OUT/$1.txt"; }
bare_rps=$(rps bare)
other() { cat "$OUT/$1.other"; }
key_ratio=$(ratio "$(rps authenticated)" "$bare_rps")
submission_key_ratio=$(ratio "$(rps submission_key)" "$bare_rps")
token_ratio=$(ratio "$(rps submission_token)" "$bare_rps")
bind_ratio=$(ratio "$(cell "$bind_postgres" 3)" "$(cell "$bind_memory" 3)")
claim_ratio=$(ratio "$(cell "$claim_postgres" 3)" "$(cell "$claim_memory" 3)")
bind_p99_postgres=$(grep -o '"name":"bind","p50Ms":[0-9.]*,"p99Ms":[0-9.]*' "$OUT/flow-bind-postgres.json" | sed -E 's/.*"p99Ms":([0-9.]*)/\1/')
ceiling_rate=$(cell "$ceiling" 4)
statements_per_s=$(awk -v f="$(cell "$bind_postgres" 3)" -v s="$(awk -F'|' '{gsub(/ /, "", $3)} NR>1 && NR<=4 {t += $3} END {print t}' "$OUT/roundtrips-bind.txt")" 'BEGIN {printf "%.0f", f * s}')
roundtrip_rows=$({ grep '^| ' "$OUT/roundtrips-bind.txt" | grep -v '^| `'; grep '^| ' "$OUT/roundtrips-claim.txt" | grep -v '^| `' | grep -v idle; })
bind_statements=$(sed -n '/^### bind/,$p' "$OUT/roundtrips-bind.txt" | grep '^| `')
cat > docs/benchmarks.md <<MD
# Benchmarks

Produced by \`bash bench/run.sh\` (DURATION=$DURATION s per run) on $(date -u +%Y-%m-%d).
Machine: $(machine). The load generators run on the
same machine as the server, so they share the two cores. The Api runs in Release on loopback.

## Request path (embedded, in-memory storage; wrk, $CONNECTIONS connections, $THREADS threads)

Each row but the last is the faster of two runs (a run with errors counts only if both have them), made in two rounds
of the same four runs (the other run's requests/s in its own column); the last ran once, after both rounds.

| run | path | requests/s | p50 | p90 | p99 | non-2xx | other run |
|---|---|---:|---:|---:|---:|---:|---:|
| bare endpoint | \`GET /health/live\` | $(rps bare) | $(pct bare 50) | $(pct bare 90) | $(pct bare 99) | $(non2xx bare) | $(other bare) |
| authenticated read | \`GET /v1/api-keys/{id}\` (key remembered, rate-limit lease, the key's view read under a lease) | $(rps authenticated) | $(pct authenticated 50) | $(pct authenticated 90) | $(pct authenticated 99) | $(non2xx authenticated) | $(other authenticated) |
| submission read, API key | \`GET /v1/submissions/{id}\` | $(rps submission_key) | $(pct submission_key 50) | $(pct submission_key 90) | $(pct submission_key 99) | $(non2xx submission_key) | $(other submission_key) |
| submission read, agency token | the same with an ES256 agency access token (remembered once its signature, integration and agency were checked; the visibility check reads the submission's copy) | $(rps submission_token) | $(pct submission_token 50) | $(pct submission_token 90) | $(pct submission_token 99) | $(non2xx submission_token) | $(other submission_token) |
| over the limit | \`GET /v1/api-keys\` with a 1,000/min key (spent during the warm-up) | $(rps rate_limited) | $(pct rate_limited 50) | $(pct rate_limited 90) | $(pct rate_limited 99) | $(non2xx rate_limited) of $(total rate_limited) | |

Throughput against the bare endpoint of the same process, each the faster of its two runs (goal: at least 0.8, with p99
under 10 ms at 64 connections):
authenticated read with a key **$key_ratio**; submission read with a key **$submission_key_ratio**, with an agency token **$token_ratio**.
A key's request makes no grain call while the node holds what it needs: it remembers keys it found valid (a revocation
is told to every node before it answers), counts requests from rate-limit decisions it leases from the tenant's bucket
a batch at a time (dropped on every node when the organization changes), and answers a read of a submission or an API
key from the copy it read last, for at most \`Insure__Orleans__ReadLease\` (500 ms; the entity tells every node holding
a copy to drop it before any change answers), so about one read in each lease asks the grain. A token's request is the
same: the node remembers tokens it found valid with the integration and agency grains that checked them (a key
rotation, an agency removed, a revocation or a suspension is told to every node before it answers), and the agency
visibility check's read of the submission is the one the endpoint answers with.
Peak resident memory of the Api process during these runs: $((rss_kb / 1024)) MiB. Empty non-2xx cells mean none.

## Bind and claim flows (bench/FlowLoad, $FLOW_WORKERS concurrent workers)

A flow is a chain of requests, each using the id the one before returned; the table counts complete flows, measured
after a $FLOW_WARMUP s warm-up of the same flow (the same in both modes: after only 10 s the Postgres path was still being
compiled, and one run found the Api busy 1.24 cores for 79 flows/s, against 0.87 cores for 134 after 20 s more).
- **bind:** \`POST /v1/submissions\`, \`POST /v1/submissions/{id}/quote\`, \`POST /v1/submissions/{id}/bind\` (GL, MONTHLY_10).
- **claim:** \`POST /v1/claims\` (first notice of loss, with the coverage check against the policy version in force),
  \`POST /v1/claims/{id}/investigate\`, \`POST /v1/claims/{id}/reserves\` (indemnity 7,500),
  \`POST /v1/claims/{id}/settle\` (8,500 less the 1,000 deductible pays the reserve out: the claim is settled). The
  claims are spread over 8 policies bound before the clock starts, so each policy's claim totals move under load.

In Postgres mode every step persists grain state and the query tables in a local PostgreSQL server (fsync on,
default settings) on the same machine. Step cells are p50 / p99 of each request. As in the request path, each row is
the faster of two runs (a run with errors counts only if both have them), with the other run's flows/s in its own column,
made in two rounds of the same four runs: the machine's speed drifts by as much as 40% between stretches of a few minutes
(one Postgres bind run used 7.0 ms of the Api's CPU and 4.4 ms of the server's a flow, the next 10.3 and 5.7 for the same
work). In each round the memory bind and claim runs each have a fresh Api; then a new PostgreSQL server starts, and one
Postgres-mode Api runs the bind, then the claim.

| mode (bind flow) | flows/s | flow p50 | flow p99 | steps (p50 / p99) | flows | errors | other run |
|---|---:|---:|---:|---|---:|---:|---:|
$bind_memory
$bind_postgres

Postgres / embedded bind flows: **$bind_ratio** (goal: at least 0.4, with a bind p99 under 150 ms; measured: $bind_p99_postgres ms).

| mode (claim flow) | flows/s | flow p50 | flow p99 | steps (p50 / p99) | flows | errors | other run |
|---|---:|---:|---:|---|---:|---:|---:|
$claim_memory
$claim_postgres

Postgres / embedded claim flows: **$claim_ratio**. Each Postgres mode run uses one pool of at most 40 connections per
connection string use (the server allows 200, as in docker-compose.yml).

### The ceiling of durable writes (bench/InsertCeiling, the same PostgreSQL server, $FLOW_WORKERS connections)

| run | connections | rows/s | p50 | p99 | rows | errors |
|---|---:|---:|---:|---:|---:|---:|
$ceiling

The bind flow's Postgres run wrote about $statements_per_s statements a second (flows/s times the statements of
a submit, a quote and a bind below), against a ceiling of $ceiling_rate single-row transactions a second: the
flows are not bound by the server's durable writes but by the work around them on two shared cores (the server's
backends, the Api and the load generator; \`top\` during the run shows both cores busy).

### What one request costs the database (FlowLoad --roundtrips; 20 requests of each step, one at a time)

Statements are pg_stat_statements' calls (each a round trip, or part of one when sent as a batch), less what the idle
platform ran in as long. Asynchronous work a request leaves behind (outbox, projections) is counted with it.

| step | statements | latency p50 (alone) |
|---|---:|---:|
$roundtrip_rows

Earlier runs of the same command (2026-12-06): a bind ran 118.9 statements while Npgsql reset every pooled connection
with \`DISCARD ALL\` before its next use (51 of them), then 68.0 with \`No Reset On Close=true\`, when each query record
and each event was a statement of its own and each grain change's records a transaction of their own (Postgres bind
flows 43.3 a second, 0.16 of embedded). Since then statements are prepared on each connection (\`Max Auto Prepare=32\`),
query-record writes that arrive while one runs go to the server together in one transaction (group commit: here, with
one request at a time, a bind's invoices, issued together, are merged with each other), and plain records and events go as one statement of arrays each.
Then (the same day) each silo runs \`ANALYZE\` once on the busiest tables after their first 1,000 changes: without
statistics a record's lookup by key tied the primary key with the newest-first index, and the planner took the
latter, reading every record of its kind in the tenant (\`insure_upsert_record\`'s lookup read 137 blocks, 0.59 ms,
against 5.5 and 0.02 ms; Postgres bind flows 93 to 125.7 a second in one 20 s run, the claim flow 206.4 to 489.3 between
two runs of this command). Far installments stopped registering a reminder each at bind (bind 53.3 to 43.1 statements;
125.7 to 155.4 bind flows a second in one run). Later (2026-12-06) a bind's new policy and invoices stopped looking for
stored states they could not have (42.4 statements a bind in the run before), and the Api and silo processes stopped
idle thread-pool workers spinning before they wait (alternating 20 s Postgres bind runs of one build: 128.1 and 132.6
flows a second with spinning, 151.9 and 149.8 without; bind p99 171.1 and 161.1 against 147.9 and 149.5 ms). Then
(2026-12-07) the new policy's billing stopped reading the store too (the last storage \`SELECT\` of a bind), and billing
aims its wake reminder while its invoices are issued rather than after.

**Where a bind's database time goes** (the statements of the 20 binds above, grouped, per bind; mean execution time):

| statement | per bind | mean |
|---|---:|---:|
$bind_statements

A GL bind on the monthly plan makes a policy, its billing and ten invoices, each a grain written once or twice (the
storage \`UPDATE\`/\`INSERT\` rows), and reads none of them from the store: the policy and the invoices are created
under ids the silo has just minted and stored in the submission's or the billing's state, and the billing is keyed by
its new policy's id and first called right after the policy's own first write, so their first activations skip the read
(\`FreshGrains\`); an invoice due more than a
week ahead registers no reminder of its own, its billing registers one to wake it a week before (the reminder
\`INSERT\` rows: the policy's and the billing's); each commit's event and query record (\`insure_records\`) go through the silo's query writer,
merged with the other commits that arrive while it writes. The bind's own latency alone is in the table above; under
the $FLOW_WORKERS-worker load most of a bind's time is waiting for the cores. Where the cores went during the faster Postgres bind
run: $bind_cpu.

## Collection (bench/CollectionLoad, $COLLECT_INVOICES invoices, 64 ticks at a time)

A silo in the benchmark's own process holds $COLLECT_INVOICES open invoices due today, ten per policy, each policy with
\`pm_card_visa\` on file. The due-date reminder tick is delivered to every invoice, 64 at a time: each tick reads
the card on file, charges it through the sandbox gateway, records the payment, posts its ledger entry and re-aims
(here: removes) the reminder. "Charged/s" counts invoices paid per second of ticking; latency is one tick.

| mode | invoices | charged/s | tick p50 | tick p99 | charged | check |
|---|---:|---:|---:|---:|---:|---|
$collect_memory
$collect_postgres

## Memory after $POLICIES policies (embedded, in memory; bench/FlowLoad --flows, $FLOW_WORKERS workers)

A fresh Release Api binds $POLICIES policies through the bind flow in four stages (GL, paid in full: each a submission,
a policy, its billing and one invoice), its activations read through its gateway and its resident memory from /proc
after each. Peak resident memory over the fill: $peak_fill_mib MiB.

| when | activations | resident memory | commonest grain types |
|---|---:|---:|---|
$memory_rows

In memory mode the grains' state is the store (kept as serialized copies beside the live activations), and every
activation stays until it has been idle for Orleans' collection age (15 minutes), so what the process holds grows with
the book being written. An earlier attempt (2026-12-06) filled on the monthly plan (ten invoices a policy): the
process reached 22.5 GB after about six minutes of binding (the machine has 24 GiB) and was killed, so the fill uses
the one-invoice plan. The key flood's memory is in its own section below.

The raw outputs are in \`bench/out/\` after a run.
MD
cat docs/benchmarks.md
# MAIN_ONLY=1 stops here (a quick check of the sections above, e.g. with DURATION=3 FLOW_WARMUP=3 POLICIES=300 COLLECT_INVOICES=200).
[ -n "${MAIN_ONLY:-}" ] && exit 0
bash bench/flood.sh
bash bench/webhooks.sh
bash bench/dealrooms.sh
