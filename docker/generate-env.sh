#!/bin/sh
# Writes docker/.env: the secrets and settings both compose files read. Run once per deployment and
# keep the file (and a copy of it somewhere safe): PII_MASTER_KEY unlocks every person's data, and
# losing or changing it makes that data unreadable. The script never overwrites an existing file.
#
#   sh docker/generate-env.sh            # writes docker/.env
#   GRIDCASE_ENV_FILE=/path/.env sh docker/generate-env.sh
set -eu

target=${GRIDCASE_ENV_FILE:-$(cd "$(dirname "$0")" && pwd)/.env}
if [ -e "$target" ]; then
  echo "generate-env: $target exists and is kept: it holds the keys that decrypt personal data and sign tokens." >&2
  echo "generate-env: delete it only for a new deployment with empty databases." >&2
  exit 1
fi

# n random bytes as hex: URL-safe (DATABASE_URL embeds the PostgreSQL password) and shell-safe.
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }

umask 077
cat > "$target" <<ENV
# gridcase deployment settings, generated $(date -u +%Y-%m-%dT%H:%M:%SZ) by docker/generate-env.sh.
# Secret: keep this file out of version control and back it up apart from the databases.

# PostgreSQL password of the gridcase role (read models, checkpoints, accounts, person keys, timers).
POSTGRES_PASSWORD=$(random_hex 24)

# Signs access tokens. Every API replica gets this same value (one service, several replicas), so a
# token issued by one is accepted by all. Changing it logs everybody out.
JWT_SECRET=$(random_hex 32)

# Wraps every person's data key (docs/adr/0008). The API and the worker get the same value. Rotate
# only as docs/deploy.md describes (PII_PREVIOUS_MASTER_KEYS), never by editing it here.
PII_MASTER_KEY=$(random_hex 32)

# The administrator's first password (account "admin"). Change it after the first login.
ADMIN_PASSWORD=$(random_hex 12)

# Host port of the proxy in front of the API replicas.
HTTP_PORT=8080

# info, or debug while investigating.
LOG_LEVEL=info
ENV
echo "generate-env: wrote $target (mode 600). Next: docker compose -f docker/compose.yml up --build" >&2
