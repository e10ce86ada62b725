#!/usr/bin/env bash
# One shard of a sharded Stampede campaign: the one command every scheduler runs, so that a Slurm array task and a
# Kubernetes Indexed Job pod run exactly the same thing (docs/scale-out.md).
#
# The shard index comes from the scheduler: JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm), read by
# stampede fuzz --shard N itself. Everything else from the environment:
#   HARNESS         the harness directory (required)
#   CORPUS          the shared corpus root every shard writes its own shard-I/ under (required)
#   SHARDS          how many shards (required)
#   DURATION        how long each shard fuzzes (default 1h)
#   SEED            the campaign's seed, the same for every shard (default 1)
#   SYNC_INTERVAL   how often a shard reads the others' findings (default 60s)
#   STAMPEDE        how to run the tool (default: stampede)
#   STAMPEDE_ARGS   further fuzz options, split on spaces (for example --jobs 2 --sanitizer thread)
# Exit codes are stampede's: 0 clean, 1 findings (a result, not a failure to retry), 2 configuration error.
set -uo pipefail
: "${HARNESS:?set HARNESS to the harness directory}" "${CORPUS:?set CORPUS to the shared corpus root}" "${SHARDS:?set SHARDS to the number of shards}"
read -r -a stampede <<< "${STAMPEDE:-stampede}"
read -r -a extra <<< "${STAMPEDE_ARGS:-}"
exec "${stampede[@]}" fuzz --harness "$HARNESS" --corpus "$CORPUS" --shard "$SHARDS" \
  --duration "${DURATION:-1h}" --seed "${SEED:-1}" --sync-interval "${SYNC_INTERVAL:-60s}" "${extra[@]}"
