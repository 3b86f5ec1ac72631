"""Record what TensorFlow 1.x writes to a TensorBoard event file (dev-only).

    /work/tfvenv/bin/python tests/reference/tf1_events.py \
        > tests/unit/engine/fixtures/tf1_events.json

`PROGRAM` logs scalars and histograms through `tf.summary` and `FileWriter`, and one
hand-built `tf.Summary`; TensorFlow's own reader (`summary_iterator`) then lists every
event: step, file version and each value (tag, simple value, histogram fields and
buckets). The test runs the program against graphgate and reads its file with a
decoder of its own.
"""

from __future__ import annotations

import glob
import json
import sys
import tempfile

PROGRAM = """
x = tf.placeholder(tf.float32, [None])
tf.summary.scalar("loss", tf.reduce_mean(x))
tf.summary.histogram("weights", x)
merged = tf.summary.merge_all()
with tf.Session() as sess:
    writer = tf.summary.FileWriter(logdir)
    for i, vals in enumerate([[1.0, 2.0, 3.0], [-0.5, 0.0, 0.25, 1e-13, 7e5], [0.0]]):
        writer.add_summary(sess.run(merged, {x: vals}), i * 10)
    writer.add_summary(tf.Summary(value=[tf.Summary.Value(tag="manual", simple_value=0.125)]), 99)
    writer.close()
"""


def main() -> None:
    import tensorflow.compat.v1 as tf

    tf.disable_v2_behavior()
    logdir = tempfile.mkdtemp()
    with tf.Graph().as_default():
        exec(PROGRAM, {"tf": tf, "logdir": logdir})
    events = []
    for path in sorted(glob.glob(logdir + "/events.out.tfevents.*")):
        for e in tf.train.summary_iterator(path):
            values = []
            for v in e.summary.value:
                value = {"tag": v.tag}
                if v.HasField("simple_value"):
                    value["simple_value"] = v.simple_value
                if v.HasField("histo"):
                    h = v.histo
                    value["histo"] = {
                        "min": h.min,
                        "max": h.max,
                        "num": h.num,
                        "sum": h.sum,
                        "sum_squares": h.sum_squares,
                        "bucket_limit": list(h.bucket_limit),
                        "bucket": list(h.bucket),
                    }
                values.append(value)
            events.append({"step": e.step, "file_version": e.file_version, "values": values})
    json.dump({"tensorflow": tf.__version__, "events": events}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
