#!/usr/bin/env bash
# Serves Lotse together with the background-task worker; Ctrl-C stops both.
# LOTSE_HOST and LOTSE_PORT choose the address (default 127.0.0.1:8000); LOTSE_SITE_URL, the
# address Lotse writes into e-mails, feeds and exports, follows them unless it is set itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${LOTSE_HOST:-127.0.0.1}"
PORT="${LOTSE_PORT:-8000}"
# Listening on all interfaces, links name the first allowed host (0.0.0.0 is no address to visit).
case "$HOST" in
  0.0.0.0 | "::") LINK_HOST="${LOTSE_ALLOWED_HOSTS:-127.0.0.1}"; LINK_HOST="${LINK_HOST%%,*}" ;;
  *) LINK_HOST="$HOST" ;;
esac
export LOTSE_SITE_URL="${LOTSE_SITE_URL:-http://$LINK_HOST:$PORT}"

# The system checks run once, here, with a word about what is happening; the three processes
# below skip them (each of them would otherwise repeat them before doing anything).
echo "Lotse startet: Prüfung der Einrichtung … / starting: checking the set-up …"
$PY manage.py check --fail-level ERROR

$PY manage.py db_worker --interval 1 --skip-checks &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM

$PY manage.py demo_signins --skip-checks || true
echo
echo "Lotse läuft auf $LOTSE_SITE_URL/ – beenden mit Strg+C / stop with Ctrl-C"
echo "E-Mails landen in var/mail/ / e-mails are written to var/mail/"
$PY manage.py runserver "$HOST:$PORT" --noreload --skip-checks
