# The two commands a newcomer needs: `make demo` (the main job) and `make test` (all tests).
# Both run the set-up first; it installs only what is missing or changed.
SHELL := /bin/bash
VENV := .venv
ROS_ENV := source scripts/ros_env.sh &&

.PHONY: setup demo test lint bench clean

setup:
	@scripts/setup.sh

demo: setup
	@$(ROS_ENV) $(VENV)/lib/subtle_diff_ros/demo $(ARGS)

test: setup
	@$(ROS_ENV) scripts/run_tests.sh $(ARGS)

# Benchmarks print their figures and write benchmarks/results/*.json (about 30 minutes here).
bench: setup
	@$(ROS_ENV) for script in text_understanding phrasing text_speed analytic_speed \
	    bench_localization selection_latency service_latency; do \
	  echo "== benchmarks/$$script.py"; $(VENV)/bin/python benchmarks/$$script.py || exit 1; done
	@$(VENV)/bin/subtle-diff bench-edits --images ../shared/data/objects \
	  --backend analytic --out benchmarks/results/bench_edits_analytic.json
	@$(ROS_ENV) $(VENV)/bin/python benchmarks/serving_throughput.py --triton
	@$(VENV)/bin/subtle-diff bench-aging --images ../shared/data/objects --workers 2 \
	  --out benchmarks/results/bench_aging.json

lint: setup
	@scripts/run_tests.sh -q test_flake8.py test_pep257.py test_copyright.py

clean:
	rm -rf build log output .cache
