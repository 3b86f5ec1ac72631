"""scripts/build_size.py, which `make test` runs on `sam build`'s output: the checks it
makes of a build that Lambda would refuse, held on small builds made here."""

import importlib.util

import yaml

from tests.support import REPO_ROOT

_spec = importlib.util.spec_from_file_location(
    "build_size", REPO_ROOT / "scripts" / "build_size.py"
)
build_size = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_size)

EM_X86_64 = 62


def _elf(machine: int) -> bytes:
    return b"\x7fELF" + bytes(14) + machine.to_bytes(2, "little") + bytes(44)


def _build(root, handler_source="lambda_handler = object()\n", handler="health.lambda_handler"):
    template = {
        "Resources": {
            "HealthFunction": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"Handler": handler},
            }
        }
    }
    (root / "template.yaml").write_text(yaml.safe_dump(template), encoding="utf-8")
    (root / "HealthFunction").mkdir()
    (root / "HealthFunction" / "health.py").write_text(handler_source, encoding="utf-8")
    (root / "EngineLayer" / "python" / "numpy" / "_core").mkdir(parents=True)
    (root / build_size.NUMPY_CORE).write_bytes(_elf(build_size.EM_AARCH64))
    (root / "OnnxLayer" / "python" / "onnx").mkdir(parents=True)
    (root / build_size.ONNX_CORE).write_bytes(_elf(build_size.EM_AARCH64))
    return root


def test_an_arm64_build_whose_handlers_resolve_passes(tmp_path, capsys):
    assert build_size.main(str(_build(tmp_path))) == 0
    assert "compiled extensions: all arm64" in capsys.readouterr().out


def test_an_x86_64_extension_fails_the_build(tmp_path, capsys):
    # GIVEN a wheel of this machine's architecture in a layer (pip without --platform)
    root = _build(tmp_path)
    (root / "EngineLayer" / "python" / "rpds.cpython-313-x86_64-linux-gnu.so").write_bytes(
        _elf(EM_X86_64)
    )
    # THEN the build is refused, naming it
    assert build_size.main(str(root)) == 1
    assert "not arm64: EngineLayer/python/rpds.cpython-313-x86_64-linux-gnu.so" in (
        capsys.readouterr().out
    )


def test_a_handler_that_names_nothing_fails_the_build(tmp_path, capsys):
    root = _build(tmp_path, handler="health.handler")
    assert build_size.main(str(root)) == 1
    assert (
        "HealthFunction: Handler health.handler: HealthFunction/health.py defines no handler"
        in (capsys.readouterr().out)
    )
    (tmp_path / "other").mkdir()
    missing = _build(tmp_path / "other", handler="healthz.lambda_handler")
    assert build_size.main(str(missing)) == 1
    assert "no HealthFunction/healthz.py" in capsys.readouterr().out
