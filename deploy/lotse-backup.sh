#!/bin/sh
# Nightly backup of Lotse: the database and the folder of uploaded files.
#
#   PostgreSQL (DATABASE_URL=postgres://...): pg_dump in custom format  -> lotse-<time>.dump
#   SQLite     (no DATABASE_URL, or sqlite:) : online copy with sqlite3  -> lotse-<time>.sqlite3
#   Uploaded files (LOTSE_MEDIA_ROOT)        : tar archive               -> media-<time>.tar.gz
#
# Reads the same environment as the application (EnvironmentFile=/etc/lotse/lotse.env in
# lotse-backup.service) plus BACKUP_DIR (default /var/backups/lotse) and KEEP_DAYS (default 14).
# The files contain personal data: copy them to a second place, encrypted, with your usual
# backup system.
set -eu
umask 077

BACKUP_DIR="${BACKUP_DIR:-/var/backups/lotse}"
KEEP_DAYS="${KEEP_DAYS:-14}"
DATA_DIR="${LOTSE_DATA_DIR:-/var/lib/lotse}"
MEDIA_ROOT="${LOTSE_MEDIA_ROOT:-$DATA_DIR/media}"
STAMP="$(date +%Y-%m-%dT%H%M)"
DB_URL="${DATABASE_URL:-}"

mkdir -p "$BACKUP_DIR"

case "$DB_URL" in
  postgres://* | postgresql://*)
    pg_dump --format=custom --file="$BACKUP_DIR/lotse-$STAMP.dump.part" "$DB_URL"
    mv "$BACKUP_DIR/lotse-$STAMP.dump.part" "$BACKUP_DIR/lotse-$STAMP.dump"
    ;;
  "" | sqlite:*)
    if [ -z "$DB_URL" ]; then
      db_file="$DATA_DIR/lotse.sqlite3"
    else
      db_file="${DB_URL#sqlite:///}"
    fi
    sqlite3 "$db_file" ".backup '$BACKUP_DIR/lotse-$STAMP.sqlite3.part'"
    mv "$BACKUP_DIR/lotse-$STAMP.sqlite3.part" "$BACKUP_DIR/lotse-$STAMP.sqlite3"
    ;;
  *)
    echo "lotse-backup: unknown database in DATABASE_URL; nothing backed up" >&2
    exit 1
    ;;
esac

if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$BACKUP_DIR/media-$STAMP.tar.gz.part" .
  mv "$BACKUP_DIR/media-$STAMP.tar.gz.part" "$BACKUP_DIR/media-$STAMP.tar.gz"
fi

# Keep the last KEEP_DAYS days.
find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'lotse-*' -o -name 'media-*' \) \
  -mtime +"$KEEP_DAYS" -delete

echo "lotse-backup: written to $BACKUP_DIR ($STAMP)"
