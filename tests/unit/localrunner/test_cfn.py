"""Reading template.yaml as the local runner deploys it."""

import yaml

from localrunner import cfn
from tests.support import REPO_ROOT


class _PurePythonLoader(yaml.SafeLoader):
    pass


_PurePythonLoader.add_multi_constructor("!", cfn._construct)


def test_libyaml_reads_the_template_as_the_pure_python_parser_does():
    # The runner and every integration test read the template with libyaml's parser
    # where PyYAML has it; a difference in what it builds would deploy another stack.
    assert cfn.TemplateLoader.__mro__[1] is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (REPO_ROOT / "template.yaml").read_text(encoding="utf-8")
    fast = yaml.load(text, Loader=cfn.TemplateLoader)
    assert fast == yaml.load(text, Loader=_PurePythonLoader)
    assert fast["Resources"]  # and the template is not trivially empty
    tagged = yaml.load("a: !Sub '${X}'\nb: !GetAtt R.Arn\n", Loader=cfn.TemplateLoader)
    assert tagged == {"a": {"Fn::Sub": "${X}"}, "b": {"Fn::GetAtt": ["R", "Arn"]}}
