"""Stored graphs as TensorFlow's own GraphDef: what `GET /v1/graphs/{id}` answers for
`Accept: application/x-protobuf` (its revisions likewise).

The writer is the engine's (`graphgate.tf_export`, the inverse of its TF reader): the
bytes are what `tf.io.write_graph(..., as_text=False)` writes, read by TF's
`GraphDef.ParseFromString` and `tf.compat.v1.import_graph_def`. Variables are TF1's
`VariableV2` with their `Assign` initializers, so running TF's `global_variables_initializer`
gives the stored graph's initial values. It needs no package beyond the engine.
"""

from typing import Any

from graphgate_service import graph_documents, problems, settings

# TF's GraphDef is a protobuf message; no registered media type names it, and
# `application/x-protobuf` is the one TF Serving's and other clients' protobuf answers use.
GRAPH_DEF = "application/x-protobuf"


def export_problem(exc: Any, written_as: str) -> problems.ApiError:
    """The answer to an engine error met writing a graph in TF's formats: 422
    TF_EXPORT_UNSUPPORTED with every node TF cannot hold, else the engine's own problem."""
    if exc.code != "TF_EXPORT_UNSUPPORTED":
        return graph_documents.engine_problem(exc)
    return problems.Unprocessable(
        f"The graph cannot be written as {written_as}: {exc.message}",
        code="TF_EXPORT_UNSUPPORTED",
        extra={"problems": exc.details.get("problems", [])},
    )


def export(document: dict[str, Any]) -> bytes:
    """The stored graph as TF's binary GraphDef; 422 TF_EXPORT_UNSUPPORTED listing every
    node TF cannot hold as graphgate computes it (nothing is written then)."""
    from graphgate import GraphgateError, serialization
    from graphgate.tf_export import graph_def_bytes

    try:
        graph = serialization.graph_from_dict(document, limits=graph_documents.engine_limits())
        blob = graph_def_bytes(graph)
    except GraphgateError as exc:
        raise export_problem(exc, "TensorFlow's GraphDef") from None
    # The answer goes out base64-encoded: said here, with the GraphDef's size, rather than
    # as the generic "fetch fewer tensors" a response over Lambda's limit gets.
    if settings.binary_payload_bytes(len(blob)) > settings.MAX_RESPONSE_BYTES:
        raise problems.Unprocessable(
            f"The GraphDef is {len(blob):,} bytes; an answer holds at most "
            f"{settings.MAX_RESPONSE_BYTES * 3 // 4:,} (its constants take the room).",
            code="RESPONSE_TOO_LARGE",
            extra={"limit": settings.MAX_RESPONSE_BYTES * 3 // 4},
        )
    return blob
