#!/bin/bash
# First boot of a Raspberry Pi OS (Bookworm, 64-bit) image as a commune hall kiosk. Put this file,
# the p06-kiosk_*.deb and the kiosk's bundle.json in a folder "p06" on the SD card's boot partition
# (/boot/firmware/p06/), then boot: cloud-init (user-data beside this file) or Raspberry Pi
# Imager's first-run hook runs it once as root. It installs the kiosk and its Debian
# dependencies, locks the machine to its one job and reboots into the kiosk UI.
set -euo pipefail
P06_DIR=${P06_DIR:-/boot/firmware/p06}
BOOT=${BOOT:-/boot/firmware}
log() { echo "p06-firstboot: $*"; logger -t p06-firstboot "$*" 2>/dev/null || true; }

shopt -s nullglob
debs=("$P06_DIR"/p06-kiosk_*.deb)
if [ ${#debs[@]} -ne 1 ]; then
  log "expected exactly one p06-kiosk_*.deb in $P06_DIR, found ${#debs[@]}"
  exit 1
fi

log "installing ${debs[0]} and its dependencies"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${debs[0]}"

log "hardware watchdog on (systemd feeds it: /etc/systemd/system.conf.d/60-p06-watchdog.conf)"
if ! grep -q '^dtparam=watchdog=on' "$BOOT/config.txt"; then
  echo 'dtparam=watchdog=on' >> "$BOOT/config.txt"
fi

log "no console blanking, quiet boot"
if ! grep -q 'consoleblank=0' "$BOOT/cmdline.txt"; then
  sed -i '1 s/$/ consoleblank=0 quiet/' "$BOOT/cmdline.txt"
fi

log "read-mostly: /tmp and /var/tmp in RAM, no access-time writes"
grep -q '^tmpfs /tmp ' /etc/fstab || echo 'tmpfs /tmp tmpfs defaults,noatime,nosuid,nodev,size=128m 0 0' >> /etc/fstab
grep -q '^tmpfs /var/tmp ' /etc/fstab || echo 'tmpfs /var/tmp tmpfs defaults,noatime,nosuid,nodev,size=64m 0 0' >> /etc/fstab
sed -i -E '/^[^#].*[[:space:]]\/[[:space:]]+ext4[[:space:]]/ { /noatime/! s/(ext4[[:space:]]+)([^[:space:]]+)/\1\2,noatime/ }' /etc/fstab

log "boot into the kiosk: graphical target, no desktop session, no login prompt on tty1"
systemctl set-default graphical.target
for unit in lightdm.service gdm3.service; do
  systemctl disable "$unit" 2>/dev/null || true
done
systemctl disable getty@tty1.service 2>/dev/null || true
systemctl enable p06-bundle-import.service p06-kiosk.service pcscd.socket
systemctl enable cups.service 2>/dev/null || true

# The bundle is moved into /etc/p06-kiosk by p06-bundle-import at the next boot (and wiped here).
touch /var/lib/p06-kiosk/.firstboot-done
log "done; rebooting into the kiosk"
if [ "${P06_NO_REBOOT:-}" != "1" ]; then
  systemctl reboot
fi
