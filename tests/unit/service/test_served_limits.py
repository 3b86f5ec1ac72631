"""A warm model session runs under the limits of the invocation that runs it: the local
runner serves every function in one process, and the run budget is the invoked
function's memory (`graph_documents.run_bytes_budget`)."""

import numpy as np

import graphgate as gg
from graphgate import serialization
from graphgate_service import runtime, settings


class _Context:
    def __init__(self, memory):
        self.memory_limit_in_mb = memory


def _document() -> dict:
    graph = gg.Graph()
    with graph.as_default():
        x = gg.placeholder(gg.float32, [None], name="x")
        gg.identity(x * 2.0, name="y")
    return serialization.graph_to_dict(graph)


def test_a_cached_model_session_takes_the_budget_of_the_invocation_running_it(monkeypatch):
    # GIVEN a frozen model first served by a function of 4,096 MB (loaded once per budget)
    monkeypatch.setattr(runtime, "_served", type(runtime._served)())
    loads = []

    def load():
        loads.append(1)
        return _document(), {"signature": {}}

    key = ("tenant", "limits-model", "1")
    with settings.invoked_with(_Context("4096")):
        large = runtime.served(key, load)
    # WHEN a function of 512 MB serves it next in the same process
    with settings.invoked_with(_Context("512")):
        small = runtime.served(key, load)
        again = runtime.served(key, load)
    # THEN its session runs under 512 MB's budget (a quarter of it), not 4,096 MB's
    assert large.session.limits.max_run_bytes == (4096 - 768) * 2**20
    assert small.session.limits.max_run_bytes == 128 * 2**20
    # AND each budget's session is loaded once and kept warm
    assert again is small and len(loads) == 2
    with settings.invoked_with(_Context("4096")):
        assert runtime.served(key, load) is large
    # AND both answer the same prediction
    result = runtime.predict(
        small, {"y": "y"}, {"x": [1.0, 2.0]}, runtime.RunLimits(1, 10.0, 2**20), None
    )
    assert np.asarray(result.outputs["y"]).tolist() == [2.0, 4.0]
