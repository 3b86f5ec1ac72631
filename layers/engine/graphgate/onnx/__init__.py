"""ONNX import and export (needs the `onnx` package: `pip install 'graphgate[onnx]'`).

    graph, values = gg.import_onnx("model.onnx")
    with gg.Session(graph) as sess:
        sess.run(gg.global_variables_initializer(graph))
        sess.run("output:0", {"input": x})

The `onnx` package is imported when a model is read or written, never by `import graphgate`.
"""

from .importer import Problem, Report, check_onnx, import_onnx

__all__ = ["Problem", "Report", "check_onnx", "export_onnx", "import_onnx"]


def __getattr__(name: str):
    if name == "export_onnx":
        from .exporter import export_onnx

        return export_onnx
    raise AttributeError(f"module 'graphgate.onnx' has no attribute {name!r}")
