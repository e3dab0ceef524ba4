#!/usr/bin/env bash
# Checks the Debian packages built by build-debs.sh, as far as this (amd64, non-systemd) machine
# allows: shell scripts pass shellcheck; units pass systemd-analyze verify with no warning;
# lintian finds no error; the fleet server package installs, creates its user, serves /healthz
# from the installed files as that user, and purges cleanly; the kiosk's bundle import moves a
# bundle in owner-only and wipes the plain copy. Needs root (dpkg -i), shellcheck, lintian.
set -euo pipefail
cd "$(dirname "$0")/.."
DEBS=target/debs
fail() { echo "packaging: FAIL: $*" >&2; exit 1; }
step() { echo "packaging: $*"; }
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if dpkg -s p06-fleet-server >/dev/null 2>&1; then dpkg --purge p06-fleet-server >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step "shellcheck"
shellcheck -x packaging/*.sh packaging/fleet-server/p06-fleet-server packaging/fleet-server/p06-fleet-crl-sync \
  packaging/fleet-server/post* \
  packaging/fleet-server/prerm packaging/kiosk/p06-kiosk packaging/kiosk/post* packaging/kiosk/prerm \
  packaging/kiosk/import-bundle packaging/kiosk/firstboot/*.sh scripts/*.sh .ci/run

step "systemd-analyze verify"
root="$work/root"
mkdir -p "$root/usr/bin"
for deb in "$DEBS"/*.deb; do dpkg-deb -x "$deb" "$root"; done
# cage comes from its own Debian package (a dependency); a stand-in lets verify check our unit.
printf '#!/bin/sh\n' > "$root/usr/bin/cage" && chmod 0755 "$root/usr/bin/cage"
cp -an /lib/systemd/system/. "$root/lib/systemd/system/"
units=(p06-fleet.service p06-fleet-crl-sync.service p06-fleet-crl-sync.path p06-kiosk.service
  p06-bundle-import.service)
report=$(systemd-analyze verify --root="$root" "${units[@]}" 2>&1) || fail "systemd-analyze: $report"
[ -z "$report" ] || fail "systemd-analyze warns: $report"

step "dpkg-deb --info and lintian"
for deb in "$DEBS"/*.deb; do
  dpkg-deb --info "$deb" >/dev/null || fail "dpkg-deb cannot read $deb"
done
lintian --fail-on error --suppress-tags no-manual-page "$DEBS"/*.deb

step "install, run and purge the fleet server package"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "./$(ls "$DEBS"/p06-fleet-server_*_all.deb)" >/dev/null
getent passwd p06fleet >/dev/null || fail "user p06fleet not created"
[ -x /usr/bin/p06-fleet-server ] || fail "launcher not installed"
[ -f /lib/systemd/system/p06-fleet.service ] || fail "unit not installed"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mqtt=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mqtts=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
set -a
# shellcheck disable=SC1091 # the installed config
. /etc/p06-fleet/fleet.conf
set +a
runuser -u p06fleet -- env P06_FLEET_BIND=127.0.0.1 P06_FLEET_HTTP_PORT="$port" P06_FLEET_MQTT_PORT="$mqtt" \
  P06_FLEET_MQTTS_PORT="$mqtts" P06_FLEET_SERVER_HOSTS=127.0.0.1,localhost P06_FLEET_DATA_DIR=/var/lib/p06-fleet /usr/bin/p06-fleet-server > "$work/server.log" 2>&1 &
server_pid=$!
# The packaged config has TLS on: HTTPS, checked against the CA the server made on first start.
ca=/var/lib/p06-fleet/pki/ca.crt
for _ in $(seq 1 120); do
  [ -f "$ca" ] && curl -fsS --cacert "$ca" "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; fail "installed server did not start"; }
  sleep 0.5
done
curl -fsS --cacert "$ca" "https://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log"; fail "no /healthz over HTTPS"; }
[ "$(stat -c %a /var/lib/p06-fleet/pki/ca.key)" = 600 ] || fail "CA key is not owner-only"
[ "$(stat -c %U /var/lib/p06-fleet/admin.token)" = p06fleet ] || fail "admin token not owned by p06fleet"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
dpkg --purge p06-fleet-server >/dev/null
! getent passwd p06fleet >/dev/null || fail "purge left user p06fleet"
[ ! -e /var/lib/p06-fleet ] || fail "purge left /var/lib/p06-fleet"

step "kiosk bundle import"
import="$root/usr/lib/p06-kiosk/import-bundle"
mkdir -p "$work/boot/p06"
printf '{"kioskId":"26734-001","commune":"26734","mqttUrl":"tcp://f:1883","mqttUsername":"26734-001","mqttPassword":"s3cret","fleetUrl":"http://f:8080"}\n' \
  > "$work/boot/p06/bundle.json"
P06_BUNDLE_CANDIDATES="$work/boot/p06/bundle.json" P06_ETC_DIR="$work/etc" P06_GROUP=root "$import" >/dev/null
[ -f "$work/etc/bundle.json" ] || fail "bundle not installed"
[ "$(stat -c %a "$work/etc/bundle.json")" = 640 ] || fail "bundle readable by others"
[ ! -e "$work/boot/p06/bundle.json" ] || fail "plain copy of the bundle left on the boot partition"
printf '{"kioskId":"x"}\n' > "$work/boot/p06/bundle.json"
if P06_BUNDLE_CANDIDATES="$work/boot/p06/bundle.json" P06_ETC_DIR="$work/etc" P06_GROUP=root "$import" 2>/dev/null; then
  fail "an incomplete bundle was accepted"
fi
grep -q s3cret "$work/etc/bundle.json" || fail "an incomplete bundle replaced the working one"
step "all checks passed"
