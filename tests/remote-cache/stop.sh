#!/usr/bin/env bash
# Stops the test cache server start.sh started (same port and prefix); a no-op when none runs. Keeps its files.
set -euo pipefail
port="${ASD_REMOTE_CACHE_PORT:-18765}"
prefix="${ASD_REMOTE_CACHE_PREFIX:-/tmp/asd-remote-cache-$(id -u)-$port}"
if [[ -f "$prefix/nginx.pid" ]] && kill -0 "$(cat "$prefix/nginx.pid")" 2>/dev/null; then
  nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  "$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf" -s quit
  for _ in $(seq 1 50); do [[ -f "$prefix/nginx.pid" ]] || exit 0; sleep 0.1; done
fi
