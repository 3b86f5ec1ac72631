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
