#!/usr/bin/env bash
# Fills .fuzz/corpus/<target>/ with seeds: the specs, the fixtures, the peer suites (YAML Test
# Suite, JSON-Schema-Test-Suite) and the checked-in regressions. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
root=..
suites="${AGENTSPEC_PEER_SUITES:-$root/fixtures/peer-suites}"
mkdir -p corpus/lint_yaml corpus/lint_json corpus/gen_answer_format

seed() { # target file: copy under a name derived from the content
  local sum
  sum=$(sha1sum "$2" | cut -c1-40)
  cp "$2" "corpus/$1/$sum"
}

while IFS= read -r -d '' f; do
  case "$f" in
    *.yaml|*.yml) seed lint_yaml "$f" ;;
    *.json) seed lint_json "$f" ;;
  esac
done < <(find "$root/specs" "$root/fixtures" -path "$root/fixtures/peer-suites" -prune -o -type f \
  \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -print0)

if [ -d "$suites/yaml-test-suite/data" ]; then
  while IFS= read -r -d '' f; do seed lint_yaml "$f"; done \
    < <(find "$suites/yaml-test-suite/data" -name in.yaml -print0)
  while IFS= read -r -d '' f; do seed lint_json "$f"; done \
    < <(find "$suites/yaml-test-suite/data" -name in.json -print0)
fi

# answer_format seeds: the generator corpus, every schema of the JSON-Schema-Test-Suite, and
# the answer_format of each spec and fixture (as JSON).
for f in "$root"/fixtures/gen/corpus/*.json; do seed gen_answer_format "$f"; done
python3 - "$suites" "$root" <<'PY'
import hashlib, json, os, subprocess, sys
suites, root = sys.argv[1], sys.argv[2]
out = "corpus/gen_answer_format"
def put(schema):
    text = json.dumps(schema, indent=1).encode()
    with open(os.path.join(out, hashlib.sha1(text).hexdigest()), "wb") as f:
        f.write(text)
tests = os.path.join(suites, "json-schema-test-suite", "tests")
for dirpath, _, files in os.walk(tests):
    for name in files:
        if name.endswith(".json"):
            for group in json.load(open(os.path.join(dirpath, name))):
                put(group["schema"])
agentspec = os.path.join(root, "target", "debug", "agentspec")
for base in ("specs", "fixtures"):
    for dirpath, _, files in os.walk(os.path.join(root, base)):
        for name in files:
            path = os.path.join(dirpath, name)
            if not name.endswith((".yaml", ".yml", ".json")):
                continue
            try:
                if name.endswith(".json"):
                    doc = json.load(open(path))
                elif os.path.exists(agentspec):
                    body = subprocess.run([agentspec, "render", "--force", path],
                                          capture_output=True, timeout=10).stdout
                    doc = json.loads(body)
                else:
                    continue
            except Exception:
                continue
            stack = [doc]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    for k, v in node.items():
                        if k in ("answer_format", "input_schema") and isinstance(v, (dict, bool)):
                            put(v)
                        stack.append(v)
                elif isinstance(node, list):
                    stack.extend(node)
PY

for target in lint_yaml lint_json gen_answer_format; do
  if [ -d "$root/fixtures/fuzz-regressions/$target" ]; then
    for f in "$root/fixtures/fuzz-regressions/$target"/*; do [ -f "$f" ] && seed "$target" "$f"; done
  fi
  echo "$target: $(ls "corpus/$target" | wc -l) seeds"
done
