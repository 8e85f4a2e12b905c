#!/usr/bin/env bash
# Installs the real servers the tests run against, when missing: Prometheus
# (+ promtool), Alertmanager, Chromium (e2e); PostgreSQL, MariaDB, Redis
# (the database-client integration tests, which `npm test` runs: .ci/run calls
# this script before it).
set -euo pipefail
need=()
command -v prometheus >/dev/null || need+=(prometheus)
command -v promtool >/dev/null || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null || need+=(prometheus-alertmanager)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "test servers: $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | head -1 | cut -d/ -f5 | sed 's/^/postgresql /'), $( (/usr/sbin/mariadbd --version 2>/dev/null | awk '{print "mariadb", $3}') || echo 'mariadb missing'), $(redis-server --version 2>/dev/null | awk '{print $1, $3}' || echo 'redis missing')"
echo "e2e dependencies: prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}'), alertmanager $(prometheus-alertmanager --version 2>&1 | head -1 | awk '{print $3}'), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium missing')"
