#!/usr/bin/env bash
# The project's test command (README.md, and .ci/run calls it): installs the Debian packages the
# tests use, stops daemons that would take their ports, and runs every test with Maven.
# Tests that need a daemon (Mosquitto, ...) start and stop their own instance on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the tests talk to for real:
#   openjdk-17-jdk-headless  the JDK (Raspberry Pi OS Bookworm ships 17 too)
#   mosquitto                an external MQTT 5 broker (kiosk link tests, external-broker mode)
#   curl                     the run-command smoke check
#   pcscd vsmartcard-vpcd python3-virtualsmartcard pcsc-tools opensc python3-pycryptodome
#                            the real PC/SC stack with a virtual reader and a virtual eMRTD (card tests)
#   fonts-noto-core espeak-ng  Vietnamese glyphs for the UI, Vietnamese voice for spoken prompts
#   cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils
#                            the real CUPS with the cups-pdf virtual printer (print tests start cupsd
#                            themselves and add their own queues), pdftoppm for the printed samples
#   sane-utils               scanimage and SANE's test backend (scan tests)
PACKAGES=(openjdk-17-jdk-headless mosquitto curl
          pcscd vsmartcard-vpcd python3-virtualsmartcard pcsc-tools opensc python3-pycryptodome
          fonts-noto-core espeak-ng
          cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils sane-utils)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's mosquitto package may start a system broker on 1883; tests run their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
  as_root systemctl disable --now mosquitto || true
fi
if pgrep -x mosquitto >/dev/null 2>&1 && [ -f /run/mosquitto/mosquitto.pid ]; then
  as_root kill "$(cat /run/mosquitto/mosquitto.pid)" || true
fi

exec ./mvnw -B -ntp verify "$@"
