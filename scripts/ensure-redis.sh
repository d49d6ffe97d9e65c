#!/usr/bin/env bash
# Makes sure a redis-server binary is available. We run our own redis-server processes (tests and
# `npm start`), so the Debian package's systemd service is never started or enabled here.
set -euo pipefail
export APOLLO_TELEMETRY_DISABLED=true NX_NO_CLOUD=true NX_DAEMON=false SCARF_ANALYTICS=false

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is not installed. Install Redis 7 (Debian/Ubuntu: 'sudo apt-get install -y redis-server')," >&2
  echo "or put a redis-server binary on PATH, then run this again." >&2
  exit 1
fi

echo "redis-server missing: installing the Debian package redis-server (apt-get)..." >&2
export DEBIAN_FRONTEND=noninteractive

# invoke-rc.d asks policy-rc.d whether a package may start its service; 101 means "no". Only add one
# when the machine has none, and remove it again afterwards.
policy=/usr/sbin/policy-rc.d
own_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  own_policy=1
fi
cleanup() { if [ "$own_policy" -eq 1 ]; then rm -f "$policy"; fi; }
trap cleanup EXIT

apt-get -o DPkg::Lock::Timeout=300 update
apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends redis-server

# The package enables its unit for the next boot; a system redis on 6379 would collide with ours.
if command -v systemctl >/dev/null 2>&1; then
  systemctl disable redis-server.service >/dev/null 2>&1 || true
  if [ -d /run/systemd/system ]; then systemctl stop redis-server.service >/dev/null 2>&1 || true; fi
fi

command -v redis-server >/dev/null 2>&1 || { echo "redis-server still not on PATH after installing" >&2; exit 1; }
echo "installed $(redis-server --version | cut -d' ' -f1-3)" >&2
