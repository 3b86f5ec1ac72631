"""Just enough CloudFormation to read template.yaml the way the cloud will:
short-form tags, parameters with their defaults, and the intrinsics the
local runner needs to resolve (Ref, Sub, If, Equals, Not, GetAtt)."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"


class _Tag(dict):
    """A short-form intrinsic (`!Ref X`) read as its long form (`{"Ref": X}`)."""


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if suffix == "Ref" else f"Fn::{suffix}"
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


class TemplateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A safe loader that understands CloudFormation's `!Tag` shorthand.

    libyaml's parser where PyYAML was built with it (its wheels are): the pure-Python
    one took 0.2 s for template.yaml, which the tests load for every moto they provision.
    """


TemplateLoader.add_multi_constructor("!", _construct)


def load_yaml(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=TemplateLoader)


@dataclass
class Template:
    """template.yaml with parameters bound, as the local runner deploys it."""

    path: Path
    body: dict[str, Any]
    parameters: dict[str, str]
    physical_ids: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, overrides: dict[str, str] | None = None) -> "Template":
        body = load_yaml(path)
        declared = body.get("Parameters", {})
        unknown = set(overrides or {}) - set(declared)
        if unknown:
            raise ValueError(f"unknown template parameters: {', '.join(sorted(unknown))}")
        params = {k: str(v["Default"]) for k, v in declared.items() if "Default" in v}
        params.update(overrides or {})
        return cls(path=path, body=body, parameters=params)

    @property
    def root(self) -> Path:
        return self.path.parent

    def resources(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {
            name: res
            for name, res in self.body.get("Resources", {}).items()
            if res.get("Type") == resource_type
        }

    def resource(self, logical_id: str) -> dict[str, Any]:
        return self.body["Resources"][logical_id]

    def condition(self, name: str) -> bool:
        return bool(self.resolve(self.body.get("Conditions", {})[name]))

    def resolve(self, value: Any) -> Any:
        """Evaluate intrinsics against the bound parameters and local physical ids."""
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) != 1:
            return {k: self.resolve(v) for k, v in value.items()}
        ((key, arg),) = value.items()
        if key == "Ref":
            return self._ref(arg)
        if key == "Fn::Sub":
            return self._sub(arg)
        if key == "Fn::If":
            name, yes, no = arg
            return self.resolve(yes if self.condition(name) else no)
        if key == "Fn::Equals":
            left, right = (self.resolve(v) for v in arg)
            return str(left) == str(right)
        if key == "Fn::Not":
            return not self.resolve(arg[0])
        if key == "Condition":
            return self.condition(arg)
        if key == "Fn::GetAtt":
            logical_id, attribute = arg
            return self._get_att(logical_id, attribute)
        return {key: self.resolve(arg)}

    def _ref(self, name: str) -> str:
        pseudo = {
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": "graphgate-local",
        }
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        if name in self.physical_ids:
            return self.physical_ids[name]
        if name.endswith(".Stage"):
            return self.parameters["Stage"]
        raise KeyError(f"cannot resolve Ref {name!r} locally")

    def _get_att(self, logical_id: str, attribute: str) -> str:
        physical = self._ref(logical_id)
        resource_type = self.body.get("Resources", {}).get(logical_id, {}).get("Type")
        if attribute == "Arn" and resource_type == "AWS::Serverless::Function":
            # Lambda's own shape: a state machine's lambda:invoke names the function by it.
            return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:{physical}"
        if attribute == "Arn":
            return f"arn:aws:local:{REGION}:{ACCOUNT_ID}:{physical}"
        return physical

    def _sub(self, arg: Any) -> str:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1])

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in variables:
                return str(self.resolve(variables[name]))
            if "." in name and not name.startswith("AWS::"):
                logical_id, attribute = name.split(".", 1)
                return (
                    self._ref(name)
                    if attribute == "Stage"
                    else self._get_att(logical_id, attribute)
                )
            return str(self._ref(name))

        return re.sub(r"\$\{([^}!]+)\}", replace, text)
