"""Validate synap-tool's JSON outputs against docs/schema/*.json with the jsonschema package.

A second opinion on the Swift tests' validator: `inspect --json` of every corpus file and fixture,
and `scan`, `checksum` and `validate` over the fixtures, each against its published schema
(Draft 2020-12, references between the files resolved by $id).

    python check_schemas.py TOOL CORPUS
"""
import json
import pathlib
import subprocess
import sys

import jsonschema
from referencing import Registry, Resource

root = pathlib.Path(__file__).resolve().parents[2]
tool, corpus = sys.argv[1], pathlib.Path(sys.argv[2])
schemas = {p.name: json.loads(p.read_text()) for p in (root / "docs/schema").glob("*.json")}
registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
for s in schemas.values():
    jsonschema.Draft202012Validator.check_schema(s)
failures = 0
checked = 0


def check(args, schema):
    global failures, checked
    run = subprocess.run([tool, *args], capture_output=True)
    if run.returncode not in (0, 1, 3):
        print(f"FAIL: {args}: exit {run.returncode}: {run.stderr.decode(errors='replace')[:300]}")
        failures += 1
        return
    if run.returncode == 3 and not run.stdout.strip():
        return  # unreadable or malformed: an error on stderr, no document
    document = json.loads(run.stdout)
    validator = jsonschema.Draft202012Validator(schemas[schema], registry=registry)
    for item in document if isinstance(document, list) else [document]:
        checked += 1
        for error in validator.iter_errors(item):
            print(f"FAIL: {args[-1]}: {schema}: /{'/'.join(map(str, error.path))}: {error.message[:200]}")
            failures += 1
            break


models = sorted(p for p in corpus.rglob("*") if p.is_file() and "expected" not in p.relative_to(corpus).parts[:1]
                and p.name != "manifest.json") if corpus.is_dir() else []
fixtures = sorted(p for p in (root / "Fixtures").rglob("*") if p.is_file() and p.suffix != ".md")
for path in models + fixtures:
    check(["inspect", "--json", str(path)], "report-1.json")
for folder in sorted((root / "Fixtures/checkpoint").iterdir()):
    check(["inspect", "--json", str(folder)], "report-1.json")
    check(["validate", "--arch", "auto", "--format", "json", str(folder)], "validate-1.json")
check(["scan", "--format", "json", str(root / "Fixtures"), *map(str, models)], "scan-1.json")
check(["checksum", "--json", "--quiet", "--algorithm", "sha256", "--algorithm", "md5", "--algorithm", "etag:5MiB",
       "--per-tensor", str(root / "Fixtures"), "/nonexistent/model.bin"], "checksum-1.json")
print(f"schemas: {checked} documents checked against docs/schema, {failures} violations")
sys.exit(1 if failures else 0)
