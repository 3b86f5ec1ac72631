"""Record the SAM policy templates template.yaml uses, as the SAM CLI expands them.

Run with the SAM CLI's own environment (it carries samtranslator; `make test`'s venv
does not):

    .venv-sam/bin/python tests/reference/sam_policy_templates.py \
        > tests/fixtures/sam_policy_templates.json
"""

import json
import os
import sys

import samtranslator
import yaml


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def main() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "template.yaml"), encoding="utf-8") as f:
        template = yaml.load(f, Loader=_Loader)
    used = sorted(
        {
            next(iter(policy))
            for resource in template["Resources"].values()
            for policy in resource.get("Properties", {}).get("Policies", []) or []
            if isinstance(policy, dict) and next(iter(policy)) != "Statement"
        }
    )
    data = os.path.join(
        os.path.dirname(samtranslator.__file__), "policy_templates_data", "policy_templates.json"
    )
    with open(data, encoding="utf-8") as f:
        templates = json.load(f)["Templates"]
    out = {name: templates[name]["Definition"]["Statement"] for name in used}
    json.dump({"samtranslator": samtranslator.__version__, "templates": out}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
