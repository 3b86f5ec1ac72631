"""Per-route request metrics as CloudWatch embedded metric format (EMF) lines:
count, latency, client and server errors, dimensioned by route.

EphemeralMetrics, not the shared Metrics singleton: each request flushes its
own set, so the local runner's concurrent requests never mix their numbers.
"""

from aws_lambda_powertools.metrics import EphemeralMetrics, MetricUnit

from graphgate_service import settings

NAMESPACE = settings.metrics_namespace()


def record_request(
    method: str, resource: str, status: int, duration_ms: float, request_id: str
) -> None:
    """Emit one EMF line for a served request."""
    metrics = EphemeralMetrics(namespace=NAMESPACE, service="graphgate")
    metrics.add_dimension("Route", f"{method} {resource}")
    metrics.add_metric("Requests", MetricUnit.Count, 1)
    metrics.add_metric("Latency", MetricUnit.Milliseconds, duration_ms)
    metrics.add_metric("ClientErrors", MetricUnit.Count, 1 if 400 <= status < 500 else 0)
    metrics.add_metric("ServerErrors", MetricUnit.Count, 1 if status >= 500 else 0)
    metrics.add_metadata("correlation_id", request_id)
    metrics.flush_metrics()
