"""TensorFlow's `client.timeline` path: `gg.client.timeline.Timeline(md.step_stats)`.
The module itself is `graphgate.timeline`, which needs no HTTP client."""

from graphgate.timeline import Timeline

__all__ = ["Timeline"]
