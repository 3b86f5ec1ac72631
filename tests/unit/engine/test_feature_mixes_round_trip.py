"""The TF1 programs of tests/reference/tf1_feature_mixes.py that train through today's
gradient ops (a cond's and a loop's IndexedSlices, clipping, NCHW) run again on their
graph after a round trip through the graph document (graph_to_dict/graph_from_dict):
every session of the program runs on the reloaded graph, so the optimizers' steps and
fetches go through the loaded WhileGrad/IfGrad nodes, and must observe what TF did."""

from __future__ import annotations

import json

import pytest

import graphgate as gg
from graphgate.serialization import graph_from_dict, graph_to_dict
from tests.unit.engine.test_tf1_feature_mixes import FIXTURE, programs
from tests.unit.engine.tf_observed import assert_observed, raised


class _ReloadedSession:
    """A session over the default graph's document reloaded at its first run (after the
    program's `global_variables_initializer()`), taking the original graph's tensors,
    operations and IndexedSlices by name."""

    def __init__(self, *args, **kwargs):
        self.original = gg.get_default_graph()
        self.sess = None

    def _reloaded(self):
        if self.sess is None:
            doc = json.loads(json.dumps(graph_to_dict(self.original)))
            self.graph = graph_from_dict(doc)
            assert graph_to_dict(self.graph) == doc
            self.sess = gg.Session(self.graph)
        return self.sess

    def _mapped(self, x):
        if isinstance(x, gg.IndexedSlices):
            return gg.IndexedSlices(
                *(self._mapped(t) for t in (x.values, x.indices, x.dense_shape))
            )
        if isinstance(x, gg.Tensor | gg.Operation):
            return self.graph.as_graph_element(x.name)
        if isinstance(x, list | tuple):
            return type(x)(self._mapped(v) for v in x)
        return x

    def run(self, fetches, feed_dict=None):
        sess = self._reloaded()
        feeds = {self._mapped(k): v for k, v in (feed_dict or {}).items()}
        return sess.run(self._mapped(fetches), feeds)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.sess is not None:
            self.sess.close()


class _Reloading:
    """graphgate, but for its Session."""

    Session = _ReloadedSession

    def __getattr__(self, name):
        return getattr(gg, name)


# The programs building no op after their session starts (the others fetch a tensor
# made after the snapshot).
TRAINING = [
    "branch_gathers_and_reads_dense",
    "clip_global_norm_of_cond_slices",
    "clip_global_norm_of_loop_slices",
    "cond_gather_other_output_pruned",
    "literal_overflow_in_gradients",
    "loop_pruned_variable_gathers_table",
    "nchw_gradients",
    "resource_variable_cond_loop_gather",
]


@pytest.mark.parametrize("name", TRAINING)
def test_program_trains_as_tensorflow_did_on_its_reloaded_graph(name):
    out: dict = {}
    with gg.Graph().as_default():
        scope = {"tf": _Reloading(), "np": programs.np, "out": out, "raises": raised}
        exec(programs.PROGRAMS[name], scope)
    assert_observed(out, FIXTURE["programs"][name], name, rel_tol=1e-5, abs_tol=1e-5)
