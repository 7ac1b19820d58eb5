#!/usr/bin/env bash
# Deal rooms, in embedded (memory) and Postgres mode, each on a fresh Release Api (bench/DealRoomLoad):
#  - posting: 8 workers post through POST /v1/deal-rooms/{id}/messages into a new room and into one filled with FILL
#    messages first (history is kept in segments, so the rates should match);
#  - live fan-out: 1 and 100 SignalR clients (WebSockets) in a room, one more client sending through the hub at RATE a
#    second; the latency from each send to each client's receipt.
# Writes the "Deal rooms" section of docs/benchmarks.md (bench/run.sh calls this after its own sections).
#   bash bench/dealrooms.sh
#   FILL=20000 FILL_POSTGRES=5000 MESSAGES=100 bash bench/dealrooms.sh
set -euo pipefail
cd "$(dirname "$0")/.."
FILL=${FILL:-100000}
# One room takes one post at a time, each stored before it is answered: on this machine's PostgreSQL that is about
# 100 a second, so its long room is shorter.
FILL_POSTGRES=${FILL_POSTGRES:-20000}
MEASURE=${MEASURE:-3000}
MESSAGES=${MESSAGES:-200}
RATE=${RATE:-10}
CLIENTS=${CLIENTS:-1,100}
OUT=bench/out
ADMIN=bench-admin-secret-0123456789abcdef
mkdir -p "$OUT"
API_PID=""
PGDIR=""
source bench/lib.sh
cleanup() { stop_api; stop_postgres; }
trap cleanup EXIT

dotnet publish src/Api -c Release -o "$OUT/api" --nologo -v quiet >/dev/null
dotnet publish bench/DealRoomLoad -c Release -o "$OUT/dealroomload" --nologo -v quiet >/dev/null

# run PORT LABEL FILL [VAR=value ...]: a fresh Api, one DealRoomLoad run (its rows in $OUT/dealrooms-PORT.txt), the Api
# stopped; the Api's resident memory at its peak is added to the posting row.
run() {
  local port=$1 label=$2 fill=$3; shift 3
  start_api_logged "$port" "$OUT/dealrooms-api-$port.log" "$@"
  dotnet "$OUT/dealroomload/Insure.DealRoomLoad.dll" --url "http://127.0.0.1:$port" --admin "$ADMIN" --label "$label" \
    --fill "$fill" --measure "$MEASURE" --clients "$CLIENTS" --fanout-messages "$MESSAGES" --fanout-rate "$RATE" >"$OUT/dealrooms-$port.txt" 2>&1 \
    || { echo "DealRoomLoad failed:"; cat "$OUT/dealrooms-$port.txt"; exit 1; }
  local rss; rss=$(awk '/VmHWM/ {printf "%.0f MiB", $2 / 1024}' "/proc/$API_PID/status")
  stop_api
  grep '^|' "$OUT/dealrooms-$port.txt" | head -1 | sed "s/\$/ $rss |/" >"$OUT/dealrooms-$port.posting"
  grep '^|' "$OUT/dealrooms-$port.txt" | tail -n +2 >"$OUT/dealrooms-$port.fanout"
}
run 5092 "embedded (memory)" "$FILL"
start_postgres "$OUT/postgres-dealrooms.log"
# Two pools share the connection string (the Api's data source; Orleans' storage, reminders and clustering): 2 x 40
# stays under the server's default 100 connections.
run 5091 Postgres "$FILL_POSTGRES" Insure__Storage=Postgres Insure__Orleans__AdvertisedIPAddress=127.0.0.1 \
  "ConnectionStrings__Insure=Host=127.0.0.1;Port=$PGPORT;Database=postgres;Username=postgres;Maximum Pool Size=40"

section=$(mktemp)
cat > "$section" <<MD
<!-- dealrooms: written by bench/dealrooms.sh -->
## Deal rooms (bench/DealRoomLoad)

Produced by \`bash bench/dealrooms.sh\` (FILL=$FILL, FILL_POSTGRES=$FILL_POSTGRES, MEASURE=$MEASURE, MESSAGES=$MESSAGES, RATE=$RATE, CLIENTS=$CLIENTS)
on $(date -u +%Y-%m-%d). Machine: $(machine); the load generator and its SignalR clients share the machine with the Api.
Each mode runs on a fresh Release Api; Postgres mode on a local PostgreSQL server (fsync on, default settings).

**Posting into a long room.** 8 workers post through \`POST /v1/deal-rooms/{id}/messages\`. The program first fills
one room with $FILL messages ($FILL_POSTGRES in Postgres mode; this also warms the process), then posts $MEASURE more into it and $MEASURE into a new,
empty room under the same load. A post writes the room with only its open segment (at most 50 messages); full segments
are sealed into segment grains, so the two rates should match. "Peak memory" is the Api's resident set at its highest
(VmHWM) over the whole run, fan-out included.

| mode | empty room | long room | while filling | newest page of 100 | errors | peak memory |
|---|---|---|---|---|---:|---:|
$(cat "$OUT"/dealrooms-5092.posting "$OUT"/dealrooms-5091.posting)

**Live fan-out.** N clients connect to a new room over WebSockets with links from \`GET /v1/deal-rooms/{id}/ws\` as
the underwriter, and one more as the broker. Warm-up messages go until every client has heard one; then the broker
sends $MESSAGES messages through the hub's \`SendMessage\`, $RATE a second. Each message is stored by the room's
grain, published on the room's Orleans stream and sent by the Api node (which subscribes while it has clients in
the room) to the room's SignalR group. Latency runs from just before \`SendMessage\` to each client's \`message\`
handler; "to the last client" takes, per message, the latest of its N receipts. "Missing" counts receipts that had
not come 10 s after the last send.

| mode | clients | messages | receipts | send to receipt | send to the last client | missing |
|---|---:|---|---:|---:|---:|---:|
$(cat "$OUT"/dealrooms-5092.fanout "$OUT"/dealrooms-5091.fanout)
<!-- /dealrooms -->
MD
write_section dealrooms dealrooms.sh "$section"
rm -f "$section"
