"""Fresh seeds for a differential fuzzer (dev-only): record one fuzzer's programs from a
salted seed with TensorFlow (or onnxruntime) into a scratch directory, then replay that
scratch fixture against graphgate through the fuzzer's own test module (its own
`difference`, tolerances and known call classes), and print every program that differs,
grouped by class. The committed fixtures are not touched.

    .venv/bin/python tests/reference/fuzz_fresh.py tf_fuzzimport --salt s1. --budget 1800
    .venv/bin/python tests/reference/fuzz_fresh.py tf1_fuzzflow --salt s1. --replay-only

The salt reaches the recorder as FUZZ_SALT (tests/reference/fuzzseed.py): every family's
seed is crc32(salt + its name), so programs keep their names (`family.i`) but are other
programs. A test module's KNOWN list names committed programs: under a salt a name in it
is a different program, so the replay compares every program and classifies by what
differs, not by name. The recording runs under `nice -n 10`, one BLAS thread, within
`--budget` seconds (a recording cut short leaves nothing to replay: the recorders write
their fixture at the end). docs/hardening.md, "Fresh seeds".
"""

from __future__ import annotations

import argparse
import collections
import importlib
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TF_PYTHON = os.environ.get("TF_PYTHON", "/work/tfvenv/bin/python")
FUZZERS = (
    "tf1_fuzzckpt",
    "tf1_fuzzdata",
    "tf1_fuzzdiff",
    "tf1_fuzzflow",
    "tf1_fuzzgrad",
    "tf1_fuzzimg",
    "tf1_fuzzkeras",
    "tf1_fuzznn",
    "tf1_fuzzopt",
    "tf1_fuzzsess",
    "tf1_fuzzshape",
    "tf_fuzzimport",
    "onnx_fuzz",
    "gg_fuzzexport",
)


def fixture_path(name: str, out: Path) -> Path:
    return out / (f"{name}.npz" if name == "onnx_fuzz" else f"{name}.json")


def record(name: str, salt: str, out: Path, budget: int) -> None:
    """Run the recorder with the salt; its fixture goes to `out`, its stderr beside it."""
    path = fixture_path(name, out)
    env = {
        **os.environ,
        "FUZZ_SALT": salt,
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
    script = [TF_PYTHON, str(ROOT / "tests" / "reference" / f"{name}.py")]
    command = ["nice", "-n", "10", "timeout", str(budget), *script]
    if name == "onnx_fuzz":
        command += ["--out", str(path)]
    with open(out / f"{name}.err", "w") as err:
        if name == "onnx_fuzz":
            done = subprocess.run(command, env=env, stderr=err, stdout=err, check=False)
        else:
            with open(path, "w") as fixture:
                done = subprocess.run(command, env=env, stderr=err, stdout=fixture, check=False)
    if done.returncode != 0:
        sys.exit(f"{name}: the recorder exited {done.returncode} (see {out / f'{name}.err'})")


def _test_module(name: str, path: Path):
    """The fuzzer's test module, reading the scratch fixture in place of the committed."""
    if name == "onnx_fuzz":
        module = importlib.import_module("tests.unit.engine.onnx.test_fuzz_combinations")
        module.FIXTURE = path
        module._fixture.cache_clear()
        return module
    import tests.unit.engine.tf_observed as observed

    committed = observed.reference

    def reference(which: str):
        fixture, recorder = committed(which)
        return (json.loads(path.read_text()), recorder) if which == name else (fixture, recorder)

    observed.reference = reference
    return importlib.import_module(f"tests.unit.engine.test_{name}")


def _onnx_difference(module, program):
    try:
        module.check(program)
    except (AssertionError, module.pytest.fail.Exception) as exc:  # Failed: no refusal
        return ("differs", (str(exc).splitlines() or [""])[0][:300], program.get("refused"))
    except Exception as exc:  # a refusal of what onnxruntime ran
        return ("raised", ["run", [type(exc).__name__], str(exc)[:300]], program.get("refused"))
    return None


def _export_difference(module, program_name: str):
    """The export fuzzer's three checks of one program: its numbers in TF and onnxruntime,
    the exports made again, and a refusal program's named nodes."""
    program = module.PROGRAMS[program_name]
    with module.np.errstate(all="ignore"):
        found = module._outputs(program_name, program) + module._exports(program_name, program)
        if "bad" in program:
            found += module._refusals(program_name, program)
    return ("differs", found) if found else None


def _difference(name: str, module, program_name: str, tmp: Path):
    """The test module's own comparison of one program (None: the same as recorded)."""
    if name == "onnx_fuzz":
        return _onnx_difference(module, module._fixture()[program_name])
    if name == "tf_fuzzimport":
        where = tmp / program_name
        where.mkdir()
        return module.difference(program_name, where)
    if name == "tf1_fuzzsess":
        return module.differences(program_name) or None
    if name == "tf1_fuzzckpt":
        d = module.write_difference(program_name) or module.read_difference(program_name)
        return d or None
    if name == "gg_fuzzexport":
        return _export_difference(module, program_name)
    return module.difference(program_name)


def replay(name: str, salt: str, path: Path) -> dict:
    """{program: difference} for every program of the scratch fixture that differs."""
    os.environ["FUZZ_SALT"] = salt  # a test module may redraw its programs' text
    module = _test_module(name, path)
    names = sorted(module._fixture()) if name == "onnx_fuzz" else sorted(module.PROGRAMS)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for program_name in names:
            try:
                d = _difference(name, module, program_name, Path(tmp))
            except Exception as exc:  # a crash of the replay is a finding, not the end
                d = ("crashed", repr(exc)[:300], traceback.format_exc(limit=-3)[-600:])
            if d is not None:
                out[program_name] = d
    print(json.dumps({"fuzzer": name, "salt": salt, "programs": len(names), "differed": len(out)}))
    return out


def kind(d) -> str:
    """A difference's class: its tag and, for errors, which classes met which."""
    d = list(d) if isinstance(d, (list, tuple)) else [d]
    while d and isinstance(d[0], int):  # tf_fuzzimport's run and fetch come first
        d = d[2:] if len(d) > 2 and not isinstance(d[1], int) else d[1:]
    if d and isinstance(d[0], (list, tuple)):  # tf1_fuzzsess: one per call
        return kind(d[0][1:]) if len(d[0]) > 1 else "call"
    tag = str(d[0]) if d else "?"
    if tag in ("error", "raised", "no error") and len(d) > 1:
        return f"{tag}: " + " vs ".join(_classes(x) for x in d[1:3])
    return tag


def _classes(seen) -> str:
    """[stage, classes, message] as stage/class, with graphgate's stable code and, for an
    import refusal, the op types it names (what tells one refusal class from another)."""
    if not (isinstance(seen, (list, tuple)) and len(seen) > 1):
        return str(seen)[:40]
    classes = seen[1] if isinstance(seen[1], (list, tuple)) else [seen[1]]
    found = f"{seen[0]}/{classes[0] if classes else '?'}"
    message = str(seen[2]) if len(seen) > 2 else ""
    code = re.match(r"([A-Z][A-Z_]+):", message)
    if code:
        found += f" {code[1]}"
    ops = sorted(set(re.findall(r"\((\w+)\): (?:graphgate|TF)", message)))
    dtypes = sorted(set(re.findall(r"does not read (DT_\w+)", message)))
    return found + (f" {','.join(ops + dtypes)}" if ops or dtypes else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("fuzzer", choices=FUZZERS)
    parser.add_argument("--salt", required=True, help="any non-empty text; the same salt redraws")
    parser.add_argument("--out", type=Path, help="scratch directory (default /tmp/fuzz_fresh)")
    parser.add_argument("--budget", type=int, default=3600, help="seconds for the recording")
    parser.add_argument("--replay-only", action="store_true", help="replay what was recorded")
    args = parser.parse_args()
    out = args.out or Path(tempfile.gettempdir()) / "fuzz_fresh" / args.salt.strip(".")
    out.mkdir(parents=True, exist_ok=True)
    if not args.replay_only:
        record(args.fuzzer, args.salt, out, args.budget)
    sys.path.insert(0, str(ROOT))
    found = replay(args.fuzzer, args.salt, fixture_path(args.fuzzer, out))
    by_kind = collections.defaultdict(list)
    for program, d in found.items():
        by_kind[kind(d)].append(program)
    for k, programs in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        print(f"\n== {k} ({len(programs)})")
        for program in programs:
            print(f"  {program}: {repr(found[program])[:400]}")


if __name__ == "__main__":
    main()
