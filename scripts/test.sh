#!/usr/bin/env bash
# The project's test command (README.md, and .ci/run calls it): installs the Debian packages the
# tests use, stops daemons that would take their ports, and runs every test with Maven.
# Tests that need a daemon (Mosquitto, ...) start and stop their own instance on a free port.
set -euo pipefail
cd "$(dirname "$0")/.."

# What the tests talk to for real:
#   openjdk-17-jdk-headless  the JDK (Raspberry Pi OS Bookworm ships 17 too)
#   mosquitto                an external MQTT 5 broker (kiosk link tests, external-broker mode, CRL revocation)
#   openssl                  p06-fleet-crl-sync checks the CRL it hands to Mosquitto (MosquittoWithFleetCaTest runs it)
#   curl                     the run-command smoke check
#   pcscd vsmartcard-vpcd python3-virtualsmartcard pcsc-tools opensc python3-pycryptodome
#                            the real PC/SC stack with a virtual reader and a virtual eMRTD (card tests)
#   fonts-noto-core espeak-ng  Vietnamese glyphs for the UI, Vietnamese voice for spoken prompts
#   postgresql               the PostgreSQL store adapter (fleet-server's second test run starts its own cluster)
#   chromium chromium-driver   the dashboard's browser tests (Selenium drives headless Chromium)
#   cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils
#                            the real CUPS with the cups-pdf virtual printer (print tests start cupsd
#                            themselves and add their own queues), pdftoppm for the printed samples
#   sane-utils               scanimage and SANE's test backend (scan tests)
#   lintian shellcheck       checks of the shell scripts and of the .deb packages (packaging/verify.sh)
PACKAGES=(openjdk-17-jdk-headless mosquitto openssl curl
          pcscd vsmartcard-vpcd python3-virtualsmartcard pcsc-tools opensc python3-pycryptodome
          fonts-noto-core espeak-ng
          postgresql
          chromium chromium-driver
          cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils sane-utils
          shellcheck lintian)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  as_root apt-get update -qq
  # Waits for another apt (unattended upgrades, a second job) instead of failing on its lock.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "${missing[@]}"
fi

# Debian's postgresql package starts a system cluster on 5432; tests run their own on free ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet postgresql 2>/dev/null; then
  as_root systemctl disable --now postgresql || true
fi

# Debian's mosquitto package may start a system broker on 1883; tests run their own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet mosquitto 2>/dev/null; then
  as_root systemctl disable --now mosquitto || true
fi
if pgrep -x mosquitto >/dev/null 2>&1 && [ -f /run/mosquitto/mosquitto.pid ]; then
  as_root kill "$(cat /run/mosquitto/mosquitto.pid)" || true
fi

./mvnw -B -ntp verify "$@"

# With no arguments (the full run, as CI does it): build the Debian packages and check them
# (lintian, systemd-analyze, an install/run/purge of the server package: needs root).
if [ $# -eq 0 ]; then
  packaging/build-debs.sh
  as_root packaging/verify.sh
fi
