#!/usr/bin/env python3
"""Writes Tests/RemoteArtifactTests/SigV4SuiteCases.swift from a clone of aws-c-auth (the AWS SigV4
signing test suite's header-signing cases, copied unchanged as Swift string literals).

Usage: scripts/import-sigv4-suite.py PATH_TO_AWS_C_AUTH_GIT_DIR [REV]   (REV defaults to HEAD)
"""
import os
import subprocess
import sys

FILES = ["context.json", "request.txt", "header-canonical-request.txt", "header-string-to-sign.txt",
         "header-signed-request.txt"]
LABELS = ["context", "request", "canonicalRequest", "stringToSign", "signedRequest"]


def git(repo, *args):
    return subprocess.check_output(["git", "--git-dir", repo, *args]).decode("utf-8")


def main():
    repo, rev = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "HEAD")
    commit = git(repo, "rev-parse", rev).strip()
    root = "tests/aws-signing-test-suite/v4"
    out = [
        "// The SigV4 cases of the AWS signing test suite, as aws-c-auth ships them:",
        f"// https://github.com/awslabs/aws-c-auth, commit {commit},",
        "// tests/aws-signing-test-suite/v4/<case>/{context.json, request.txt, header-canonical-request.txt,",
        "// header-string-to-sign.txt, header-signed-request.txt} (Apache License 2.0). Copied as data, unchanged;",
        "// regenerate with scripts/import-sigv4-suite.py.",
        "",
        "struct SigV4SuiteCase {",
        *[f"    let {label}: String" for label in ["name", *LABELS]],
        "}",
        "",
        "let sigV4SuiteCases: [SigV4SuiteCase] = [",
    ]
    for case in git(repo, "ls-tree", "--name-only", f"{commit}:{root}").split():
        present = git(repo, "ls-tree", "--name-only", f"{commit}:{root}/{case}").split()
        if "header-canonical-request.txt" not in present:
            continue
        out += ["    SigV4SuiteCase(", f'        name: "{case}",']
        for i, (label, name) in enumerate(zip(LABELS, FILES)):
            text = git(repo, "show", f"{commit}:{root}/{case}/{name}")
            assert '"##' not in text
            body = "\n".join("            " + line if line else "" for line in text.split("\n"))
            out.append(f'        {label}: ##"""\n{body}\n            """##' + ("," if i < len(LABELS) - 1 else ""))
        out.append("    ),")
    out.append("]")
    target = os.path.join(os.path.dirname(__file__), "..", "Tests", "RemoteArtifactTests", "SigV4SuiteCases.swift")
    with open(target, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
