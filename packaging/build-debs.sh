#!/usr/bin/env bash
# Builds the Debian packages into target/debs/:
#   p06-fleet-server_<version>_all.deb   the fleet server (pure Java: amd64 and arm64 alike)
#   p06-kiosk_<version>_arm64.deb        the kiosk for Raspberry Pi OS Bookworm 64-bit
# Both run on Debian's OpenJDK 17, from jars under /usr/share/<package>/lib, as a dedicated system
# user, with a systemd unit, config under /etc and data under /var/lib. The kiosk's JavaFX jars
# are swapped for their linux-aarch64 builds (the natives differ per architecture).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/debs
MAVEN=(./mvnw -B -ntp -q)
JAVAFX_VERSION=$(sed -n 's:.*<javafx.version>\(.*\)</javafx.version>.*:\1:p' pom.xml)
# Maven Central carries linux-aarch64 builds of JavaFX 21 LTS only up to 21.0.1 (later 21.0.x
# updates are x64-only there), so the Pi gets 21.0.1: the same API, older natives.
JAVAFX_ARM64_VERSION=21.0.1
POM_VERSION=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
# 0.1.0-SNAPSHOT → 0.1.0~snapshot.<commit time>: sorts before 0.1.0 and rises with every commit.
STAMP=$(git log -1 --format=%cd --date=format:%Y%m%d%H%M 2>/dev/null || date +%Y%m%d%H%M)
VERSION=${POM_VERSION/-SNAPSHOT/~snapshot.$STAMP}

echo "building jars and collecting runtime dependencies..."
"${MAVEN[@]}" -DskipTests -pl fleet-server,kiosk -am package dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory=target/lib

rm -rf "$OUT" && mkdir -p "$OUT"

# stage <package> <module> → the directory tree of the package, with the module's jars in lib/
stage() {
  local package=$1 module=$2 root="$OUT/$1"
  mkdir -p "$root/DEBIAN" "$root/usr/share/$package/lib" "$root/usr/bin" "$root/lib/systemd/system" \
    "$root/usr/share/doc/$package"
  cp "$module"/target/lib/*.jar "$root/usr/share/$package/lib/"
  cp "$module"/target/"$module"-"$POM_VERSION".jar "$root/usr/share/$package/lib/"
  cp docs/DEPLOYMENT.md "$root/usr/share/doc/$package/"
  cat > "$root/usr/share/doc/$package/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: $package
Source: the commune-kiosk project repository

Files: *
Copyright: 2026 The commune kiosk project team
License: proprietary
 Built for the commune halls of Project 06. Bundled third-party jars keep their own
 licences (Apache-2.0, EPL-2.0, MIT, BSD, GPL-2.0 with Classpath Exception for OpenJFX).
COPYRIGHT
  printf '%s (%s) bookworm; urgency=medium\n\n  * Build of commit %s.\n\n -- Commune kiosk team <kiosk@p06.invalid>  %s\n' \
    "$package" "$VERSION" "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$(date -R)" \
    | gzip -9n > "$root/usr/share/doc/$package/changelog.gz"
}

# control <package> <arch> <depends> <description...>
control() {
  local package=$1 arch=$2 depends=$3 summary=$4 long=$5 root="$OUT/$1"
  local size
  size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  cat > "$root/DEBIAN/control" <<CONTROL
Package: $package
Version: $VERSION
Architecture: $arch
Maintainer: Commune kiosk team <kiosk@p06.invalid>
Section: net
Priority: optional
Installed-Size: $size
Depends: $depends
Homepage: https://p06.invalid/
Description: $summary
$(echo "$long" | fold -s -w 78 | sed 's/^/ /; s/ *$//')
CONTROL
  find "$root/etc" -type f 2>/dev/null | sed "s:^$root::" > "$root/DEBIAN/conffiles"
  [ -s "$root/DEBIAN/conffiles" ] || rm -f "$root/DEBIAN/conffiles"
  find "$root" -type d -exec chmod 0755 {} +
  find "$root" -type f -exec chmod 0644 {} +
  chmod 0755 "$root"/usr/bin/* "$root"/DEBIAN/post* "$root"/DEBIAN/pre*
  find "$root" -name '*.sh' -exec chmod 0755 {} +
  if [ -d "$root/usr/lib/$package" ]; then chmod 0755 "$root/usr/lib/$package"/*; fi
  dpkg-deb --root-owner-group -Zxz --build "$root" "$OUT/${package}_${VERSION}_${arch}.deb" >/dev/null
  rm -rf "$root"
  echo "built $OUT/${package}_${VERSION}_${arch}.deb"
}

# --- fleet server ---------------------------------------------------------------------------
root="$OUT/p06-fleet-server"
stage p06-fleet-server fleet-server
install -m 0755 packaging/fleet-server/p06-fleet-server packaging/fleet-server/p06-fleet-crl-sync "$root/usr/bin/"
cp packaging/fleet-server/p06-fleet.service packaging/fleet-server/p06-fleet-crl-sync.service \
  packaging/fleet-server/p06-fleet-crl-sync.path "$root/lib/systemd/system/"
mkdir -p "$root/etc/p06-fleet" && cp packaging/fleet-server/fleet.conf "$root/etc/p06-fleet/"
cp packaging/fleet-server/postinst packaging/fleet-server/prerm packaging/fleet-server/postrm "$root/DEBIAN/"
control p06-fleet-server all "openjdk-17-jre-headless | java17-runtime-headless, adduser" \
  "fleet server for commune hall kiosks (Project 06)" \
  "MQTT ingest of kiosk health and usage (embedded HiveMQ broker or an external one), storage in H2 or PostgreSQL, alerts, remote commands, content distribution and the web dashboard for IT staff and trainers."

# --- kiosk ----------------------------------------------------------------------------------
root="$OUT/p06-kiosk"
stage p06-kiosk kiosk
lib="$root/usr/share/p06-kiosk/lib"
for jar in "$lib"/javafx-*-"$JAVAFX_VERSION"-linux.jar; do
  name=$(basename "$jar" "-$JAVAFX_VERSION-linux.jar")
  rm "$jar"
  rm -f "$lib/$name-$JAVAFX_VERSION.jar"
  "${MAVEN[@]}" -N dependency:copy -Dartifact="org.openjfx:$name:$JAVAFX_ARM64_VERSION:jar:linux-aarch64" \
    -DoutputDirectory="$lib"
done
install -m 0755 packaging/kiosk/p06-kiosk "$root/usr/bin/"
cp packaging/kiosk/p06-kiosk.service packaging/kiosk/p06-bundle-import.service "$root/lib/systemd/system/"
mkdir -p "$root/usr/lib/p06-kiosk" "$root/etc/p06-kiosk" "$root/usr/lib/systemd/system.conf.d" \
  "$root/usr/lib/systemd/journald.conf.d" "$root/usr/share/p06-kiosk/firstboot"
install -m 0755 packaging/kiosk/import-bundle "$root/usr/lib/p06-kiosk/"
cp packaging/kiosk/kiosk.conf "$root/etc/p06-kiosk/"
cp packaging/kiosk/60-p06-watchdog.conf "$root/usr/lib/systemd/system.conf.d/"
cp packaging/kiosk/60-p06-volatile.conf "$root/usr/lib/systemd/journald.conf.d/"
cp packaging/kiosk/firstboot/* "$root/usr/share/p06-kiosk/firstboot/"
cp packaging/kiosk/postinst packaging/kiosk/prerm packaging/kiosk/postrm "$root/DEBIAN/"
control p06-kiosk arm64 "openjdk-17-jre, cage, xwayland, pcscd, libccid, cups-client, sane-utils, fonts-noto-core, espeak-ng, libavcodec59 | libavcodec-extra59, adduser" \
  "commune hall self-service kiosk (Project 06)" \
  "Full-screen touch kiosk that guides residents through the 25 essential online public services, plays tutorial videos, reads the chip-based citizen ID card to prefill forms, prints guides and queue tickets and scans documents. Runs under the cage Wayland compositor on tty1 and reports to the fleet server."
