# Shared by the benchmark scripts (sourced, not run): a throwaway PostgreSQL server, the machine's description, and
# the rewriting of one script's own section of docs/benchmarks.md.

# initdb and postgres refuse to run as root: as root they run as the postgres user.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# start_postgres LOG [-c setting=value ...]: a fresh server on a random loopback port, trusting local connections, with
# pg_stat_statements loaded (for counting statements per request) and any further settings; sets PGDIR, PGBIN, PGPORT.
start_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
  PGDIR=$(mktemp -d /tmp/insure-bench-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust >/dev/null
  PGPORT=$((20000 + RANDOM % 20000))
  local log=$1; shift
  as_pg "$PGBIN/postgres" -D "$PGDIR/data" -p "$PGPORT" -k "$PGDIR" -c listen_addresses=127.0.0.1 \
    -c shared_preload_libraries=pg_stat_statements "$@" >"$log" 2>&1 &
  for _ in $(seq 1 60); do "$PGBIN/pg_isready" -h 127.0.0.1 -p "$PGPORT" -q && return; sleep 0.5; done
  echo "PostgreSQL did not start:"; cat "$log"; exit 1
}

# stop_postgres: stops and removes the server start_postgres made, if any (an Api using it must be stopped first: one
# whose database is gone hangs in its shutdown).
stop_postgres() {
  if [ -n "${PGDIR:-}" ] && [ -d "$PGDIR/data" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" stop -m fast >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
  fi
  PGDIR=""
}

# machine: "2 cores (CPU model), 24 GiB, Linux x.y, .NET 10.0.401".
machine() {
  local cpu mem
  cpu=$(awk -F: '/model name/ {gsub(/^ /, "", $2); print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
  echo "$(nproc) cores ($cpu), $mem, $(uname -sr), .NET $(dotnet --version)"
}

# write_section NAME SCRIPT FILE: puts FILE (which starts with "<!-- NAME: written by bench/SCRIPT -->" and ends with
# "<!-- /NAME -->") in place of that section of docs/benchmarks.md, or at its end, and prints it.
write_section() {
  local name=$1 script=$2 file=$3 doc=docs/benchmarks.md
  local start="<!-- $name: written by bench/$script -->" end="<!-- /$name -->"
  if grep -qF "$start" "$doc"; then
    awk -v file="$file" -v start="$start" -v end="$end" '
      $0 == start { while ((getline line < file) > 0) print line; skip = 1; next }
      $0 == end { skip = 0; next }
      !skip { print }' "$doc" > "$doc.new" && mv "$doc.new" "$doc"
  else
    { echo; cat "$file"; } >> "$doc"
  fi
  sed -n "\\|^$start\$|,\\|^$end\$|p" "$doc"
}

# start_api_logged PORT LOG [VAR=value ...]: the published Release Api ($OUT/api) on loopback PORT with an embedded silo, the
# admin secret $ADMIN, no playground and the sandbox rate limit raised so runs measure the work, not 429s; its output
# in LOG; waits until it is ready. Sets API_PID.
start_api_logged() {
  local port=$1 log=$2; shift 2
  env Insure__AdminSecret="$ADMIN" Insure__SeedPlayground=false Insure__RateLimits__Sandbox=1000000000 \
      Insure__Orleans__SiloPort=$((port + 10000)) Insure__Orleans__GatewayPort=$((port + 20000)) Logging__LogLevel__Default=Warning "$@" \
      dotnet "$OUT/api/Insure.Api.dll" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
  API_PID=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null && return; sleep 0.5; done
  echo "the Api on port $port did not become ready:"; cat "$log"; exit 1
}

# stop_api: stops the Api start_api_logged started, if it runs.
stop_api() {
  if [ -n "${API_PID:-}" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  API_PID=""
}

# cpu_snapshot PID: "postgres api busy idle", in clock ticks (100 a second): the CPU time used so far by every
# PostgreSQL process, by process PID (the Api), and the machine's busy and idle time from /proc/stat.
cpu_snapshot() {
  local pg api
  pg=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2 == "(postgres)" {s += $14 + $15} END {print s + 0}')
  api=$(awk '{print $14 + $15}' "/proc/$1/stat")
  echo "$pg $api $(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat)"
}

# cpu_split BEFORE AFTER SECONDS: where the cores went between two cpu_snapshot lines, in cores (of the machine's nproc).
cpu_split() {
  echo "$1 $2" | awk -v s="$3" '{
    pg = ($5 - $1) / 100 / s; api = ($6 - $2) / 100 / s; busy = ($7 - $3) / 100 / s; idle = ($8 - $4) / 100 / s
    printf "PostgreSQL %.2f cores, the Api %.2f, everything else (the load generator, the kernel) %.2f, idle %.2f", pg, api, busy - pg - api, idle }'
}
