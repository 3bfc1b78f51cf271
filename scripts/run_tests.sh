#!/usr/bin/env bash
# Runs the whole test suite against the package installed in .venv (not the source folder: the
# generated msg/srv modules live only in the install). Called by `make test` after the set-up.
set -uo pipefail
cd "$(dirname "$0")/.."
# Each test run gets its own ROS domain (51-100), apart from demos and other runs on the host.
export ROS_DOMAIN_ID=${SUBTLE_DIFF_TEST_DOMAIN_ID:-$(( ($$ % 50) + 51 ))}
# Run from test/ so that the source folder ./subtle_diff_ros cannot shadow the installed package.
cd test && exec ../.venv/bin/python -m pytest -p no:cacheprovider -ra "$@"
