#!/usr/bin/env bash
# The project's run command (README.md): builds, then starts the fleet server on its embedded
# defaults (embedded MQTT broker + H2 file), enrolls simulated kiosks with the provisioning CLI
# and runs them, so that http://127.0.0.1:8080/api/kiosks lists them within seconds.
# Ctrl-C stops everything. Settings: KIOSKS (default 3), DATA_DIR (default ./demo-data),
# HTTP_PORT (8080), MQTT_PORT (1883).
set -euo pipefail
cd "$(dirname "$0")/.."
KIOSKS=${KIOSKS:-3}
DATA_DIR=${DATA_DIR:-demo-data}
HTTP_PORT=${HTTP_PORT:-8080}
MQTT_PORT=${MQTT_PORT:-1883}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v javac >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless curl
fi

echo "building (first run downloads dependencies)..."
./mvnw -q -B -ntp -DskipTests install
for module in fleet-server kiosk provisioning; do
  ./mvnw -q -B -ntp -pl "$module" dependency:build-classpath -Dmdep.outputFile=target/runtime.classpath \
    -DincludeScope=runtime
done
classpath() { echo "$1/target/classes:$(cat "$1/target/runtime.classpath")"; }

mkdir -p "$DATA_DIR"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

java -cp "$(classpath fleet-server)" vn.p06.fleet.FleetMain --data-dir "$DATA_DIR/fleet" \
  --http-port "$HTTP_PORT" --mqtt-port "$MQTT_PORT" &
pids+=($!)
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || { echo "fleet server did not start" >&2; exit 1; }
  sleep 0.5
done

# Idempotent: a second run reuses the bundles of the first.
printf 'commune,kiosks,name\n26734,%s,Phường Bến Nghé\n' "$KIOSKS" > "$DATA_DIR/communes.csv"
java -cp "$(classpath provisioning)" vn.p06.provisioning.ProvisioningMain enroll \
  --server "http://127.0.0.1:$HTTP_PORT" --admin-token-file "$DATA_DIR/fleet/admin.token" \
  --csv "$DATA_DIR/communes.csv" --out "$DATA_DIR/bundles"

java -cp "$(classpath kiosk)" vn.p06.kiosk.KioskMain --simulate "$KIOSKS" --bundles "$DATA_DIR/bundles" \
  --health-interval 5s --visits-per-hour 60 --always-open --data-dir "$DATA_DIR" &
pids+=($!)

echo
echo "Dashboard:  http://127.0.0.1:$HTTP_PORT/   user admin, password in $DATA_DIR/fleet/admin-password"
echo "Fleet API:  curl -H \"Authorization: Bearer \$(cat $DATA_DIR/fleet/admin.token)\" http://127.0.0.1:$HTTP_PORT/api/kiosks"
echo "Broker:     tcp://127.0.0.1:$MQTT_PORT   (metrics: /metrics, health: /healthz)"
echo "Ctrl-C stops the server and the $KIOSKS simulated kiosks."
wait -n "${pids[@]}"
