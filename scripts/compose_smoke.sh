#!/usr/bin/env bash
# End-to-end check of docker-compose.yml on a machine with Docker (not part of the tests or CI).
#
# Builds and starts PostgreSQL, the one-shot migrate service and two bot workers under a separate
# project name, then checks: both workers healthy, /healthz 200 and /metrics Prometheus text from
# each, PostgreSQL data on the named volume, the schema created exactly once, a worker killed with
# `docker kill` leaves the other healthy and comes back with `up -d`, a worker whose process dies
# is restarted by the restart policy, and the data survives `down` + `up`. Removes everything it
# made at the end (KEEP=1 keeps it running). Without TELEGRAM_BOT_TOKEN / DISCORD_BOT_TOKEN the
# workers run the console adapter on a terminal (tty), the only token-free mode.
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT="${COMPOSE_PROJECT_NAME:-interview-bot-smoke}"
WAIT="${WAIT:-180}"  # seconds to wait for health
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-smoke-$RANDOM$RANDOM}"

if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null; then
  COMPOSE=(docker-compose --compatibility)  # v1 honours deploy.replicas only with this flag
else
  echo "compose_smoke: neither 'docker compose' nor 'docker-compose' is installed" >&2
  exit 1
fi

override="$(mktemp --suffix=.yml)"
{
  echo "services:"
  echo "  db:"
  echo "    command: [\"postgres\", \"-c\", \"log_statement=ddl\"]  # to count CREATE TABLE below"
  if [[ -z "${TELEGRAM_BOT_TOKEN:-}${DISCORD_BOT_TOKEN:-}" ]]; then
    echo "  bot:"
    echo "    stdin_open: true  # no token: the console adapter needs a terminal to wait on"
    echo "    tty: true"
  fi
} > "$override"
compose() { "${COMPOSE[@]}" -p "$PROJECT" -f docker-compose.yml -f "$override" "$@"; }

cleanup() {
  local rc=$?
  if [[ "${KEEP:-0}" == 1 ]]; then
    echo "KEEP=1: left running; remove with: ${COMPOSE[*]} -p $PROJECT down -v"
  else
    compose down -v --remove-orphans >/dev/null 2>&1 || true
  fi
  rm -f "$override"
  if [[ $rc -ne 0 ]]; then echo "compose_smoke: FAILED" >&2; fi
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
workers() { compose ps -q bot; }
health() { docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$1"; }
name() { docker inspect -f '{{.Name}}' "$1" | cut -c2-; }

# GET http://127.0.0.1:8080$2 inside container $1; prints "STATUS CONTENT-TYPE" then the body.
http_get() {
  docker exec "$1" python -c '
import sys, urllib.error, urllib.request
try:
    r = urllib.request.urlopen("http://127.0.0.1:8080" + sys.argv[1], timeout=5)
except urllib.error.HTTPError as e:
    r = e
print(r.status, r.headers.get("Content-Type"))
print(r.read().decode())' "$2"
}

# Wait until every container named in $@ is healthy; prints the seconds it took.
wait_healthy() {
  local start=$SECONDS id all
  while true; do
    all=1
    for id in "$@"; do [[ "$(health "$id")" == healthy ]] || all=0; done
    [[ $all == 1 ]] && break
    if (( SECONDS - start > WAIT )); then
      for id in "$@"; do echo "$(name "$id"): $(health "$id")"; docker logs --tail 20 "$id"; done >&2
      fail "not healthy after ${WAIT}s"
    fi
    sleep 1
  done
  echo "$(( SECONDS - start ))"
}

check_endpoints() {
  local id out
  for id in "$@"; do
    out="$(http_get "$id" /healthz)"
    echo "$(name "$id") /healthz: $(echo "$out" | tr '\n' ' ')"
    [[ "$(echo "$out" | head -1)" == "200 "* ]] || fail "/healthz of $(name "$id") is not 200"
    out="$(http_get "$id" /metrics)"
    [[ "$(echo "$out" | head -1)" == "200 text/plain"* ]] || fail "/metrics of $(name "$id"): $out"
    echo "$out" | grep -q '^# TYPE bot_' || fail "/metrics of $(name "$id") has no bot_ metrics"
    echo "$(name "$id") /metrics: $(echo "$out" | grep -c '^# TYPE') metric families, e.g." \
      "$(echo "$out" | sed 1d | grep -v '^#' | head -1)"
  done
}

psql_db() { docker exec "$(compose ps -q db)" psql -U bot -d bot -tAc "$1"; }

if [[ -z "${TELEGRAM_BOT_TOKEN:-}${DISCORD_BOT_TOKEN:-}" ]]; then
  echo "no TELEGRAM_BOT_TOKEN / DISCORD_BOT_TOKEN: workers run the console adapter (stdin held open)"
fi
echo "compose: ${COMPOSE[*]}, project: $PROJECT"

step "build and start"
compose down -v --remove-orphans >/dev/null 2>&1 || true
compose build --quiet
t0=$SECONDS
compose up -d
mapfile -t ids < <(workers)
[[ ${#ids[@]} == 2 ]] || fail "expected 2 bot workers, got ${#ids[@]} (deploy.replicas not honoured?)"
took="$(wait_healthy "${ids[@]}")"
echo "both workers healthy ${took}s after their start, $(( SECONDS - t0 ))s after 'up'"

step "endpoints"
check_endpoints "${ids[@]}"

step "database on the named volume, schema created once"
db="$(compose ps -q db)"
volume="$(docker inspect -f \
  '{{range .Mounts}}{{if eq .Destination "/var/lib/postgresql/data"}}{{.Type}} {{.Name}}{{end}}{{end}}' "$db")"
[[ "$volume" == "volume ${PROJECT}_db-data" ]] || fail "PostgreSQL data is on '$volume'"
echo "PostgreSQL data: $volume ($(docker exec "$db" du -sh /var/lib/postgresql/data | cut -f1))"
migrate="$(compose ps -aq migrate)"
echo "migrate service: exit $(docker inspect -f '{{.State.ExitCode}}' "$migrate")," \
  "said: $(docker logs "$migrate" 2>&1 | tr '\n' ' ')"
[[ "$(docker inspect -f '{{.State.ExitCode}}' "$migrate")" == 0 ]] || fail "migrate failed"
creates="$(docker logs "$db" 2>&1 | grep -c 'CREATE TABLE alembic_version' || true)"
errors="$(docker logs "$db" 2>&1 | grep -c ' ERROR: ' || true)"
echo "CREATE TABLE alembic_version run $creates time(s); PostgreSQL errors: $errors;" \
  "schema version $(psql_db 'SELECT version_num FROM alembic_version');" \
  "$(psql_db 'SELECT count(*) FROM questions') questions"
[[ "$creates" == 1 && "$errors" == 0 ]] || fail "schema not created exactly once without errors"
for id in "${ids[@]}"; do
  [[ "$(docker inspect -f '{{.RestartCount}}' "$id")" == 0 ]] || fail "$(name "$id") restarted"
done
questions="$(psql_db 'SELECT count(*) FROM questions')"

step "docker kill one worker"
victim="${ids[0]}" other="${ids[1]}"
docker kill "$victim" >/dev/null
for _ in $(seq 1 20); do
  [[ "$(http_get "$other" /healthz | head -1)" == "200 "* ]] || fail "$(name "$other") unhealthy"
  sleep 1
done
echo "$(name "$other") answered /healthz 200 every second for 20s; Docker says $(health "$other")"
echo "$(name "$victim") after docker kill: $(docker inspect -f '{{.State.Status}}' "$victim")" \
  "(Docker treats a kill as a manual stop: no restart policy applies)"
t0=$SECONDS
compose up -d >/dev/null 2>&1
took="$(wait_healthy "$victim" "$other")"
echo "'up -d' started it again: healthy after $(( SECONDS - t0 ))s"

step "a worker's process dies (crash, OOM kill)"
pid="$(docker inspect -f '{{.State.Pid}}' "$victim")"
before="$(docker inspect -f '{{.RestartCount}}' "$victim")"
t0=$SECONDS
if kill -9 "$pid" 2>/dev/null; then
  while [[ "$(docker inspect -f '{{.RestartCount}}' "$victim")" == "$before" ]]; do
    (( SECONDS - t0 < 30 )) || fail "$(name "$victim") was not restarted"
    sleep 0.5
  done
  [[ "$(http_get "$other" /healthz | head -1)" == "200 "* ]] || fail "$(name "$other") unhealthy"
  took="$(wait_healthy "$victim" "$other")"
  echo "restart policy restarted $(name "$victim") (restarts: $before ->" \
    "$(docker inspect -f '{{.RestartCount}}' "$victim")); healthy again $(( SECONDS - t0 ))s" \
    "after the kill; $(name "$other") stayed $(health "$other")"
else
  echo "SKIPPED: cannot signal the container's process $pid from here (not root on the Docker host)"
fi

step "data survives down + up"
compose down >/dev/null 2>&1
docker volume inspect "${PROJECT}_db-data" >/dev/null || fail "volume ${PROJECT}_db-data is gone"
compose up -d >/dev/null 2>&1
mapfile -t ids < <(workers)
took="$(wait_healthy "${ids[@]}")"
db="$(compose ps -q db)"
creates="$(docker logs "$db" 2>&1 | grep -c 'CREATE TABLE' || true)"
after="$(psql_db 'SELECT count(*) FROM questions')"
echo "after down + up: workers healthy in ${took}s, $after questions (before: $questions)," \
  "$creates CREATE TABLE statements"
[[ "$after" == "$questions" && "$creates" == 0 ]] || fail "data did not survive on the volume"
check_endpoints "${ids[@]}"

printf '\ncompose_smoke: all checks passed\n'
