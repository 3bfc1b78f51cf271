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

lint: setup
	@$(VENV)/bin/pytest -q test/test_flake8.py test/test_pep257.py test/test_copyright.py

clean:
	rm -rf build log output .cache
