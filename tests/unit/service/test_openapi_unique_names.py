"""YAML keeps the last of two equal keys silently: a component defined twice in
api/openapi.yaml would replace the other (a model's TensorSpec once replaced the graphs'
one, and only the fuzzer noticed)."""

import yaml

from tests.support import REPO_ROOT


class _Strict(yaml.SafeLoader):
    pass


def _no_duplicates(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        assert key not in seen, f"{key!r} is defined twice (line {key_node.start_mark.line + 1})"
        seen.add(key)
    return loader.construct_mapping(node, deep)


_Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def test_no_key_of_the_openapi_document_is_defined_twice():
    yaml.load((REPO_ROOT / "api" / "openapi.yaml").read_text(encoding="utf-8"), Loader=_Strict)


def test_no_value_of_the_openapi_document_is_empty():
    # A comma inside an unquoted flow-mapping value (`{ description: a, b }`) splits it
    # into a stray key `b` with no value: readers and generated docs showed a property
    # named "in the structure of fetches." under RunResult.outputs.
    document = yaml.safe_load((REPO_ROOT / "api" / "openapi.yaml").read_text(encoding="utf-8"))
    empty = []

    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if item is None:
                    empty.append("/".join(map(str, [*path, key])))
                walk(item, [*path, key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, [*path, index])

    walk(document, [])
    assert not empty, empty
