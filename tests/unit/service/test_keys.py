"""The key schema has one owner: graphgate_service.keys spells every table key and
S3 object key; every other module, and every test, calls it."""

import ast
import re

import pytest

from graphgate_service import keys
from tests.support import REPO_ROOT

SCANNED = (
    "layers/service",
    "functions",
    "localrunner",
    "graphgate_admin",
    "scripts",
    "benchmarks",
    "tests",
)
OWNER = REPO_ROOT / "layers/service/graphgate_service/keys.py"
S3_PREFIXES = (
    keys.TENANTS_PREFIX,
    keys.UPLOADS_PREFIX,
    keys.IDEMPOTENCY_PREFIX,
    keys.OUTPUTS_PREFIX,
)


def _key_words() -> set[str]:
    """Every literal component of a pk or sk shape in the table map: TENANT, RUN, VER..."""
    shapes = [part for item in keys.ITEMS for part in (item.pk, item.sk)]
    return {w for shape in shapes for w in re.findall(r"[A-Z][A-Z_]*", shape.split("<")[0])} | {
        w for shape in shapes for w in re.findall(r"#([A-Z][A-Z_]*)(?=#|$)", shape)
    }


WORDS = _key_words()
# A component of a key: the word at the start of a string or after a '#', followed by
# '#' (TENANT#...) or ending a partition key (...#GRAPHS).
KEY_PIECE = re.compile(r"(?:^|#)(?:" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")(?:#|$)")


# DynamoDB's attribute type tags: "M" is also the model list's sort key word (M#<name>),
# but a bare tag is never a whole key.
TYPE_TAGS = {"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def key_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string piece in `source` that spells a key or an object key."""
    tree = ast.parse(source)
    skipped = _docstrings(tree)
    hits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        text = node.value
        if id(node) in skipped or text in TYPE_TAGS:
            continue
        if KEY_PIECE.search(text) or text.startswith(S3_PREFIXES):
            hits.append((node.lineno, text))
    return hits


def test_the_map_knows_the_words_a_key_is_built_from():
    assert {"TENANT", "SESSION", "RUN", "KEY", "APIKEY", "GRAPHS", "VER", "PROFILE"} <= WORDS


def test_the_guard_sees_keys_however_they_are_spelled():
    source = (
        'a = f"TENANT#{t}#SESSION#{s}"\n'
        'b = "RUN#"\n'
        'c = {"pk": {"S": "KEYEXPIRY"}, "sk": {"S": "PROFILE"}}\n'
        'd = f"{pk}#GRAPHS"\n'
        'e = f"tenants/{t}/graphs/"\n'
        'f = "uploads/" + t\n'
        'g = f"/outputs/{alias}"  # a JSON pointer, not an object key\n'
        'h = "#status"  # an expression attribute name\n'
        'i = {"M": {"sk": {"S": "M#" + name}}}  # a type tag, then a model list key\n'
    )
    assert sorted(line for line, _ in key_literals(source)) == [1, 1, 2, 3, 3, 4, 5, 6, 9]


def test_no_module_but_keys_spells_a_key():
    offenders = []
    for folder in SCANNED:
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            if path == OWNER or path == REPO_ROOT / "tests/unit/service/test_keys.py":
                continue
            if ".venv" in path.parts or "engine" in path.relative_to(REPO_ROOT).parts:
                continue
            for line, text in key_literals(path.read_text()):
                offenders.append(f"{path.relative_to(REPO_ROOT)}:{line}: {text!r}")
    assert offenders == [], "build keys with graphgate_service.keys:\n" + "\n".join(offenders)


def test_the_templates_table_comment_is_the_map():
    template = (REPO_ROOT / "template.yaml").read_text().splitlines()
    comment = [line.strip()[1:].strip() for line in template if line.strip().startswith("#   pk =")]
    assert comment == keys.table_comment()
    assert any("graphgate_service/keys.py" in line for line in template)


def test_every_object_key_lives_under_a_prefix_of_the_layout():
    built = [
        keys.graph_body("t", "g", "h"),
        keys.graph_export("t", "g", "h", "graph"),
        keys.session_variables("t", "s", "h"),
        keys.session_export("t", "s", "state"),
        keys.run_blob("t", "s", "r", "outputs"),
        keys.model_prefix("t", "m") + "h.z",
        keys.idempotent_response("t", "h"),
        keys.upload("t", "u"),
        keys.output("t", "run", "ab"),
    ]
    layout = [re.sub(r"<[^>]+>", "*", pattern) for pattern, _ in keys.OBJECTS]
    for key in built:
        assert any(re.fullmatch(re.escape(p).replace(r"\*", "[^/]+"), key) for p in layout), key
    assert keys.graph_body("t", "g", "h").startswith(keys.graph_prefix("t", "g"))
    assert keys.run_blob("t", "s", "r", "x").startswith(keys.session_prefix("t", "s"))


@pytest.mark.parametrize(
    ("pk", "sk", "session"),
    [
        ("TENANT#t_1#SESSION#s_1", "META", ("t_1", "s_1")),
        ("TENANT#t_1#SESSION#s_1", "RUN#000000000000001#r_1", None),
        ("TENANT#t_1#BATCH#b_1", "META", None),
        ("TENANT#t_1#GRAPH#g_1", "META", None),
        ("TENANT#t_1#SESSION#", "META", None),
        ("TENANT##SESSION#s_1", "META", None),
        ("TENANT#t_1#SESSION#s_1#X", "META", None),
    ],
)
def test_only_a_sessions_meta_names_a_session(pk, sk, session):
    assert keys.session_of_meta(pk, sk) == session
