#!/usr/bin/env bash
# Serves Lotse on 127.0.0.1:8000 together with the background-task worker; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${LOTSE_HOST:-127.0.0.1}"
PORT="${LOTSE_PORT:-8000}"

$PY manage.py db_worker --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM

$PY manage.py demo_signins || true
echo
echo "Lotse läuft auf http://$HOST:$PORT/ – beenden mit Strg+C / stop with Ctrl-C"
echo "E-Mails landen in var/mail/ / e-mails are written to var/mail/"
$PY manage.py runserver "$HOST:$PORT" --noreload
