#!/usr/bin/env bash
# Runs the whole test suite against the package installed in .venv (not the source folder: the
# generated msg/srv modules live only in the install). Called by `make test` after the set-up.
set -uo pipefail
cd "$(dirname "$0")/.."
# Run from test/ so that the source folder ./subtle_diff_ros cannot shadow the installed package.
cd test && exec ../.venv/bin/python -m pytest -p no:cacheprovider -ra "$@"
