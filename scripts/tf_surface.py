"""Which of TF 1.15's public API (`tf.compat.v1` as TF 2.x ships it) graphgate lacks, and
which keywords of the functions it has it refuses (dev-only: needs TensorFlow; exits 0 with
a note when it is absent).

    TF_USE_LEGACY_KERAS=1 PYTHONPATH=layers/engine /work/tfvenv/bin/python \
        scripts/tf_surface.py [--json OUT] [--ranked COUNTS.json]

Walks `tf.compat.v1` recursively (modules, classes, functions, constants; every public
name a module lists), then looks each dotted path up on graphgate the way a program would
(`getattr` down the chain), so a symbol counts as present only if `gg.a.b.c` resolves. For
each function or class both sides have, it compares `inspect.signature`: a keyword TF's
accepts and ours neither names nor absorbs (`**kwargs`) is a TypeError in a user's program.

`--count GIT_DIR...` counts, in the Python files and notebooks of each repository's HEAD,
the `tf.a.b(` / `tf.compat.v1.a.b` spellings of each TF path (the longest prefix of a
spelling that is a TF path is what it uses) and writes {path: [occurrences, repositories]}
to `--ranked`; without `--count`, `--ranked` is read and orders the report by occurrences.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import subprocess
import sys
import types
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "layers" / "engine"))

# Subtrees that are not TF1's graph-mode surface: `compat` re-exports v1 and v2 whole,
# `keras` is Keras' own API (graphgate.keras is checked by its own tests), `estimator` and
# `lite` are separate packages TF re-exports.
SKIPPED = ("compat", "keras", "estimator", "lite", "experimental")
# Namespaces the survey counts rather than lists: `raw_ops` is one name per op type, and
# the 1,300 graphgate has no kernel for would fill a page.
COUNTED = ("raw_ops",)


def _kind(obj) -> str:
    if isinstance(obj, types.ModuleType):
        return "module"
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "constant"


def walk_tf(tf) -> dict[str, str]:
    """{dotted path: kind} of every public name under `tf` (module), subtrees in SKIPPED
    and modules outside TensorFlow's API left out."""
    found: dict[str, str] = {}
    seen: set[int] = set()

    def visit(module, prefix: str) -> None:
        if id(module) in seen:
            return
        seen.add(id(module))
        for name in sorted(dir(module)):
            if name.startswith("_") or (not prefix and name in SKIPPED):
                continue
            try:
                obj = getattr(module, name)
            except Exception:  # a lazily loaded module TF fails to import here
                continue
            path = prefix + name
            kind = _kind(obj)
            if kind == "module" and not obj.__name__.startswith(("tensorflow", "tf_keras")):
                continue  # `tf.compat.v1.sys` and the like: Python's, not TF's
            found[path] = kind
            if kind == "module":
                visit(obj, path + ".")

    visit(tf, "")
    return found


def resolve(root, path: str):
    """`root.a.b.c` for "a.b.c", or raise AttributeError (what a program would see)."""
    obj = root
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def keywords(fn, follow_wrapped: bool = True) -> tuple[set[str], bool] | None:
    """(names it accepts by keyword, whether it takes **kwargs), or None when Python
    cannot say (builtins, C extensions)."""
    try:
        params = inspect.signature(fn, follow_wrapped=follow_wrapped).parameters.values()
    except Exception:  # TypeError/ValueError, or what an object's __getattr__ raised
        return None
    names = {
        p.name
        for p in params
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name not in ("self", "cls")
    }
    return names, any(p.kind == p.VAR_KEYWORD for p in params)


def tf_keywords(fn) -> tuple[set[str], bool] | None:
    """`keywords` of a TF function or class. A class's `__init__` that `functools.wraps`
    its TF 2 twin's (`CsvDatasetV1`, `RandomDatasetV1`) shows the twin's signature, whose
    keywords the V1 class refuses: its own, unwrapped, is read when it names them."""
    init = fn.__init__ if inspect.isclass(fn) else None
    if init is not None and hasattr(init, "__wrapped__"):
        own = keywords(init, follow_wrapped=False)
        if own is not None and own[0] and not own[1]:
            return own
    return keywords(fn)


def missing_keywords(theirs, ours) -> list[str]:
    """Keywords `theirs` accepts that `ours` refuses."""
    want, got = tf_keywords(theirs), keywords(ours)
    if want is None or got is None or got[1]:
        return []
    return sorted(want[0] - got[0])


def compare(tf, gg) -> dict:
    """{"missing": [paths], "kwargs": {path: [keywords]}, "total": n} of TF's surface."""
    surface = walk_tf(tf)
    missing, kwargs = [], {}
    for path, kind in surface.items():
        try:
            ours = resolve(gg, path)
        except Exception:  # AttributeError, or what a lazy attribute raised
            missing.append(path)
            continue
        if kind in ("function", "class"):
            lacking = missing_keywords(resolve(tf, path), ours)
            if lacking:
                kwargs[path] = lacking
    return {"total": len(surface), "kinds": surface, "missing": missing, "kwargs": kwargs}


_SPELLING = re.compile(r"\btf\.(?:compat\.v1\.)?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")


def count_uses(git_dirs: list[str], surface: dict[str, str]) -> dict[str, list[int]]:
    """{TF path: [occurrences, repositories using it]} over the HEAD of each repository."""
    occurrences: Counter = Counter()
    repositories: Counter = Counter()
    for git_dir in git_dirs:
        text = subprocess.run(
            [
                "git",
                "--git-dir",
                git_dir,
                "grep",
                "-h",
                "-I",
                "-o",
                "-E",
                r"tf\.[A-Za-z_.0-9]+",
                "HEAD",
                "--",
                "*.py",
                "*.ipynb",
            ],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        used: Counter = Counter()
        for match in _SPELLING.finditer(text):
            parts = match.group(1).split(".")
            for end in range(len(parts), 0, -1):
                path = ".".join(parts[:end])
                if path in surface:
                    used[path] += 1
                    break
        occurrences.update(used)
        repositories.update(used.keys())
    return {p: [n, repositories[p]] for p, n in occurrences.most_common()}


def report(result: dict, counts: dict[str, int], top: int) -> str:
    missing = set(result["missing"])
    ranked = sorted(counts, key=lambda p: -counts[p][0])[:top]
    lines = [
        f"TF 1.15 surface: {result['total']} public names; graphgate lacks {len(missing)}",
    ]
    if counts:
        lacking = [p for p in ranked if p in missing]
        lines.append(f"of the {len(ranked)} most used, graphgate lacks {len(lacking)}:")
        lines += [f"  {counts[p][0]:6d} {counts[p][1]:3d}  {p}" for p in lacking]
    lines.append(f"functions refusing a keyword TF's accept: {len(result['kwargs'])}")
    order = sorted(result["kwargs"], key=lambda p: (-counts.get(p, [0])[0], p))
    lines += [f"  {counts.get(p, [0])[0]:6d}  {p}: {', '.join(result['kwargs'][p])}" for p in order]
    return "\n".join(lines)


def survey_rows(result: dict) -> list[str]:
    """docs/engine.md's survey: by module, the names graphgate lacks (a namespace it lacks
    whole as one row with its submodules and how many names it holds)."""
    missing = set(result["missing"])
    kinds = result["kinds"]
    whole = sorted(
        p for p in missing if kinds[p] == "module" and p.rpartition(".")[0] not in missing
    )
    rows: dict[str, list[str]] = {}
    for path in sorted(missing):
        if any(path == w or path.startswith(w + ".") for w in whole):
            continue
        parent, _, name = path.rpartition(".")
        rows.setdefault(parent, []).append(name)
    lines = []
    for module in sorted({*rows, *whole}):
        if module in whole:
            subs = sorted(p for p in missing if p.startswith(module + ".") and kinds[p] == "module")
            named = " and " + ", ".join(f"`tf.{p}`" for p in subs) if subs else ""
            count = sum(p.startswith(module + ".") and kinds[p] != "module" for p in missing)
            noun = "name" if count == 1 else "names"
            lines.append(f"| `tf.{module}`{named} (the whole namespace: {count} {noun}) | no | |")
        elif module in COUNTED:
            total = sum(p.startswith(module + ".") for p in kinds)
            lines.append(f"| `tf.{module}`: {len(rows[module])} of its {total} names | partial | |")
        else:
            where = f"`tf.{module}`" if module else "`tf` (top level)"
            names = ", ".join(f"`{n}`" for n in rows[module])
            lines.append(f"| {where}: {names} | no | |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", help="write the full comparison here")
    parser.add_argument("--ranked", help="JSON {dotted path: [occurrences, repositories]}")
    parser.add_argument("--count", nargs="*", default=[], help="git dirs of TF1 code to count")
    parser.add_argument("--top", type=int, default=150)
    parser.add_argument("--survey", action="store_true", help="print docs/engine.md's rows")
    args = parser.parse_args()
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    try:
        import tensorflow.compat.v1 as tf
    except ImportError:
        print("TensorFlow is not installed: nothing to compare (dev-only script)")
        return 0
    import graphgate as gg

    result = compare(tf, gg)
    if args.count:
        counts = count_uses(args.count, result["kinds"])
        Path(args.ranked).write_text(json.dumps(counts, indent=0) + "\n")
    else:
        counts = json.loads(Path(args.ranked).read_text()) if args.ranked else {}
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print("\n".join(survey_rows(result)) if args.survey else report(result, counts, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
