#!/bin/bash
# Start-up of `gazette serve`: seconds from exec until `gazette health` answers SERVING,
# and the server's resident memory then. Usage: bench/startup.sh [BIN] [PORT] [RUNS]
set -u
bin=${1:-target/release/gazette}
port=${2:-50601}
runs=${3:-5}
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$bin" serve --listen "127.0.0.1:$port" >/dev/null 2>&1 &
  pid=$!
  until "$bin" health --addr "127.0.0.1:$port" >/dev/null 2>&1; do sleep 0.01; done
  end=$(date +%s.%N)
  rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null
  echo "$(echo "$end - $start" | bc) s ${rss} KiB"
done
