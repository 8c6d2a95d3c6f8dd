#!/usr/bin/env bash
# Starts a team-cache server for the tests: Debian's nginx with the WebDAV module (PUT stores a file, GET
# returns it, 404 when absent), on loopback, as the current user, with its own prefix, config and port.
# Idempotent: a running instance that answers is reused. Prints one line: "URL DATA_DIR".
#   /            open (tests use a fresh path below it each, as an instance name)
#   /header/     requires the header "X-Asd-Token: asd-test-token"
#   /basic/      requires HTTP basic auth asd:asd-test-password
# Exit 3 (and one line on stderr) when nginx or its DAV module is missing: tests then skip, saying why.
set -euo pipefail
port="${ASD_REMOTE_CACHE_PORT:-18765}"
prefix="${ASD_REMOTE_CACHE_PREFIX:-/tmp/asd-remote-cache-$(id -u)-$port}"
nginx_bin="${ASD_NGINX-$(command -v nginx || true)}"   # ASD_NGINX: another nginx binary (or none, to see the tests skip)
[[ -z "${ASD_NGINX-}" && -z "$nginx_bin" && -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
if [[ -z "${ASD_NGINX-}" && -z "$nginx_bin" && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  # a fresh CI machine: install Debian's nginx-light (it has the DAV module), refreshing the package lists once if needed
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light; }; } >/dev/null 2>&1 || true
  [[ -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
fi
if [[ -z "$nginx_bin" || ! -x "$nginx_bin" ]]; then
  echo "nginx not found: apt-get install -y nginx-light (it has the WebDAV module)" >&2; exit 3
fi
if ! "$nginx_bin" -V 2>&1 | grep -q -- '--with-http_dav_module'; then
  echo "$nginx_bin has no WebDAV module (--with-http_dav_module): install nginx-light or nginx-extras" >&2; exit 3
fi
url="http://127.0.0.1:$port/"
answers() {   # GET /__health answers 200 (bash's /dev/tcp, no curl needed)
  exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
  printf 'GET /__health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  local status; status="$(head -n 1 <&3)"; exec 3>&-
  [[ "$status" == *" 200 "* ]]
}
if [[ -f "$prefix/nginx.pid" ]] && kill -0 "$(cat "$prefix/nginx.pid")" 2>/dev/null && answers; then
  echo "$url $prefix/data"; exit 0
fi
mkdir -p "$prefix"/{data,data/header,data/basic,tmp/body,tmp/proxy,tmp/fastcgi,tmp/uwsgi,tmp/scgi,logs}
echo ok > "$prefix/data/__health"
echo 'asd:{PLAIN}asd-test-password' > "$prefix/htpasswd"
user_line=""
[[ "$(id -u)" == 0 ]] && user_line="user $(id -un) $(id -gn);"   # workers stay this user, so they can write $prefix
cat > "$prefix/nginx.conf" <<CONF
$user_line
worker_processes 2;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $prefix/tmp/body;
  proxy_temp_path $prefix/tmp/proxy;
  fastcgi_temp_path $prefix/tmp/fastcgi;
  uwsgi_temp_path $prefix/tmp/uwsgi;
  scgi_temp_path $prefix/tmp/scgi;
  client_max_body_size 0;
  keepalive_requests 100000;
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $prefix/data;
    dav_methods PUT;
    create_full_put_path on;
    dav_access user:rw group:r all:r;
    location /header/ {
      if (\$http_x_asd_token != "asd-test-token") { return 401; }
    }
    location /basic/ {
      auth_basic "asd team cache";
      auth_basic_user_file $prefix/htpasswd;
    }
  }
}
CONF
"$nginx_bin" -t -q -p "$prefix" -c "$prefix/nginx.conf"
"$nginx_bin" -p "$prefix" -c "$prefix/nginx.conf"
for _ in $(seq 1 50); do answers && { echo "$url $prefix/data"; exit 0; }; sleep 0.1; done
echo "nginx started but does not answer on $url (see $prefix/logs/error.log)" >&2
exit 1
