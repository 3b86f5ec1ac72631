"""Writes tests/reference/tf1_docexamples.py (dev-only): the `>>>` examples of the
docstrings of every public `tf.compat.v1` name graphgate also has, turned into TF1
graph-mode programs. Run with TensorFlow's venv, graphgate on the path:

    PYTHONPATH=layers/engine /work/tfvenv/bin/python tests/reference/tf1_docexamples_extract.py

Each docstring's examples become one program, in their order. The examples are eager
TF2 code; the translation keeps each statement and wraps each expression whose output
the docstring shows in `show(...)`, which runs what is a tensor in the program's
session and describes the result (`raises(lambda: show(...))` where the docstring
shows a traceback). An example TF1 graph mode cannot run at all (a TF2-only name,
`.numpy()` on a graph tensor, a Python loop over a tensor) is dropped, with whatever
later example needed it: what is left is what TensorFlow computes in TF1 graph mode.
"""

from __future__ import annotations

import ast
import doctest
import inspect
import json
import re
import sys
import textwrap
import types
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import harness
from tf1_docexamples_prefix import PREFIX

import graphgate as gg

# Namespaces the examples are taken from (graphgate's public modules that imitate
# tf.compat.v1's); keras, estimator and contrib are pinned by their own recorders.
SKIP = {"keras", "estimator", "contrib", "compat", "raw_ops", "errors", "dtypes", "test"}
# Rewrites from TF2's spelling to TF1's where the meaning is the same.
REWRITES = [(re.compile(r"\btf\.random\.set_seed\("), "tf.set_random_seed(")]


class _Graphmode(ast.NodeTransformer):
    """`t.numpy()` is `t` (what `show` runs), `ds.as_numpy_iterator()` the elements a
    one-shot iterator yields in the session (`_elements`, in the prefix)."""

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if isinstance(func, ast.Attribute) and not node.args and not node.keywords:
            if func.attr == "numpy":
                return func.value
            if func.attr == "as_numpy_iterator":
                return ast.Call(ast.Name("_elements", ast.Load()), [func.value], [])
        return node


def documented(tf, path):
    """(path, docstring) of the TF object at `path` and, for a class, its public methods
    graphgate's class has too."""
    obj = tf_object(tf, path)
    if obj is None:
        return
    yield path, getattr(obj, "__doc__", None)
    ours = tf_object(gg, path)
    if isinstance(obj, type) and "Queue" not in path:  # a dequeue example waits for ever
        for name in sorted(dir(obj)):
            member = getattr(obj, name, None)
            # A constant's docstring is its type's (int's, str's): only what the class defines.
            defined = inspect.isroutine(member) or isinstance(member, type | property)
            if not name.startswith("_") and hasattr(ours, name) and defined:
                yield f"{path}.{name}", getattr(member, "__doc__", None)


def public_paths(module, prefix="", depth=0):
    names = getattr(module, "__all__", None) or [n for n in dir(module) if n[0] != "_"]
    for name in sorted(set(names)):
        value = getattr(module, name, None)
        path = prefix + name
        if isinstance(value, types.ModuleType) or type(value).__name__ == "_Namespace":
            if depth < 2 and name not in SKIP:
                yield from public_paths(value, path + ".", depth + 1)
        elif callable(value):
            yield path


def tf_object(tf, path):
    obj = tf
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def translate(index: int, example: doctest.Example) -> str | None:
    source = example.source.strip()
    for pattern, replacement in REWRITES:
        source = pattern.sub(replacement, source)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    if not tree.body:
        return None
    tree = ast.fix_missing_locations(_Graphmode().visit(tree))
    source = ast.unparse(tree) if _changed(source, tree) else source
    key = f"{index:02d} " + " ".join(source.split())[:70]
    single = len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr)
    if single and (example.want or example.exc_msg is not None):
        expr = tree.body[0].value
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Name)
            and expr.func.id == "print"
            and len(expr.args) == 1
        ):
            expr = expr.args[0]
        text = ast.unparse(expr)
        if example.exc_msg is not None:
            return f"out[{key!r}] = raises(lambda: show({text}))"
        return f"out[{key!r}] = show({text})"
    if example.exc_msg is not None:
        return None
    return source


def _changed(source, tree):
    return ast.dump(ast.parse(source)) != ast.dump(tree)


def attempt(tf, lines):
    """The index of the first line TF1 cannot run, or None."""
    for i in range(len(lines)):
        program = "\n".join(lines[: i + 1])
        try:
            harness.run(tf, program, PREFIX)
        except Exception:  # any failure drops the line
            return i
        except SystemExit:
            return i
    return None


def runnable(tf, lines):
    """The lines TF1 runs, those it cannot (and what needed them) dropped."""
    lines = list(lines)
    while lines:
        bad = attempt_fast(tf, lines)
        if bad is None:
            return lines
        del lines[bad]
    return lines


def attempt_fast(tf, lines):
    try:
        harness.run(tf, "\n".join(lines), PREFIX)
        return None
    except BaseException:  # the program's SystemExit too
        return attempt(tf, lines)


def repeatable(tf, lines):
    """`lines` with the outputs that differ from run to run (fetches of an update and
    of what it updates in one `run`, whose order TF leaves open) no longer stored."""
    runs = [harness.run(tf, "\n".join(lines), PREFIX) for _ in range(5)]
    seen = [{k: json.dumps(v) for k, v in r.items()} for r in runs]
    differ = {k for k in seen[0] if any(r.get(k) != seen[0][k] for r in seen)}
    return [
        line.split(" = ", 1)[1] if any(line.startswith(f"out[{k!r}]") for k in differ) else line
        for line in lines
    ]


def _sessions_time_out(tf):
    """Sessions whose ops give up after 5 s: a dequeue example would wait for ever (the
    extraction then drops it; the recorder runs only what returned)."""
    base = tf.Session

    class Session(base):
        def __init__(self, target="", graph=None, config=None):
            config = config or tf.ConfigProto()
            config.operation_timeout_in_ms = config.operation_timeout_in_ms or 5000
            super().__init__(target, graph, config)

    tf.Session = Session


def main():
    tf = harness.import_tf1(legacy_keras=True)  # TF1's Keras, as graphgate's
    _sessions_time_out(tf)
    np.set_printoptions(threshold=50)
    seen = {}
    programs = {}
    documents = (d for p in public_paths(gg) for d in documented(tf, p))
    for path, doc in documents:
        if not isinstance(doc, str) or (">>>" not in doc and "```python" not in doc):
            continue
        if doc in seen:
            continue
        seen[doc] = path
        try:
            examples = doctest.DocTestParser().get_examples(doc)
        except ValueError:
            continue
        lines = [t for t in (translate(i, e) for i, e in enumerate(examples)) if t]
        keep(tf, programs, path, lines)
        for j, block in enumerate(_BLOCK.findall(doc)):
            keep(tf, programs, f"{path} (python {j})", translate_block(block))
    write(programs)


def keep(tf, programs, name, lines):
    """Store the program of `lines` TF1 runs, if it stores anything."""
    if not lines:
        return
    kept = repeatable(tf, runnable(tf, lines))
    if any(line.startswith("out[") for line in kept):
        programs[name] = "\n".join(kept) + "\n"
        print(name, len(kept), "of", len(lines), file=sys.stderr)


_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _not_a_program(node) -> bool:
    """A block that imports TensorFlow itself (which would rebind `tf` to TF 2's API) or
    leaves parts out (`...`) is not one to run."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        modules = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
        return any(m.split(".")[0] == "tensorflow" for m in modules)
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def translate_block(block: str) -> list[str]:
    """A ```python block's top-level statements, one line each (so that one TF1 cannot
    run drops alone), an expression shown, and then every name it bound shown."""
    try:
        tree = ast.parse(textwrap.dedent(block))
    except SyntaxError:
        return []
    if any(_not_a_program(node) for node in ast.walk(tree)):
        return []
    lines, names = [], []
    for i, statement in enumerate(tree.body):
        statement = ast.fix_missing_locations(_Graphmode().visit(statement))
        text = ast.unparse(statement)
        if isinstance(statement, ast.Expr):
            expr = statement.value
            if isinstance(expr, ast.Call) and getattr(expr.func, "id", None) == "print":
                if len(expr.args) != 1:
                    continue
                expr = expr.args[0]
            key = f"{i:02d} " + " ".join(ast.unparse(expr).split())[:70]
            lines.append(f"out[{key!r}] = show({ast.unparse(expr)})")
            continue
        lines.append(text)
        if not isinstance(statement, ast.FunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom):
            for node in ast.walk(statement):
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.append(node.id)
    for name in dict.fromkeys(names):
        lines.append(f"out[{'= ' + name!r}] = show({name})")
    return lines


def _literal(text):
    """`text` as a triple-quoted literal, as the other recorders hold their programs."""
    if '"""' in text:
        return repr(text)
    return '"""\n' + text.replace("\\", "\\\\") + '"""'


def write(programs):
    target = Path(__file__).with_name("tf1_docexamples.py")
    body = "".join(f"    {name!r}: {_literal(text)},\n" for name, text in programs.items())
    target.write_text(HEADER + "PROGRAMS = {\n" + body + "}\n" + FOOTER)


HEADER = '''"""The examples of TensorFlow's API documentation, as TF1 graph-mode programs
(dev-only; written by tests/reference/tf1_docexamples_extract.py from the docstrings of
every public tf.compat.v1 name graphgate has). Run unchanged with `tf` = graphgate by
tests/unit/engine/test_tf1_docexamples.py.

    /work/tfvenv/bin/python tests/reference/tf1_docexamples.py \\
        > tests/unit/engine/fixtures/tf1_docexamples.json
"""

from __future__ import annotations

import numpy as np  # noqa: F401 - the programs' `np`, which the engine test binds from here

try:
    from tests.reference import harness
    from tests.reference.tf1_docexamples_prefix import PREFIX
except ModuleNotFoundError:  # run as a script: python tests/reference/<this file>
    import harness
    from tf1_docexamples_prefix import PREFIX

# fmt: off
'''

FOOTER = """# fmt: on


if __name__ == "__main__":
    harness.main(PROGRAMS, legacy_keras=True, prefix=PREFIX)
"""


if __name__ == "__main__":
    main()
