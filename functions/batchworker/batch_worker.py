"""The batch worker: one step of the batch state machine per invocation
({action: shard | shard_failed | finish, tenant, batch_id, ...}), and the local runner's
`resume_interrupted` when it starts."""

from graphgate_service import aws, batch_runs, logs, settings


def lambda_handler(event, context):
    # The submitting request's correlation id and the batch id on every line, and the
    # shard's index where there is one, so one search for the request's X-Request-ID
    # finds every shard it caused (executions started before the id travelled carry
    # the batch id as their correlation id).
    logs.bind_request(
        event.get("correlation_id") or event.get("batch_id") or event.get("action"),
        batch_id=event.get("batch_id"),
        action=event.get("action"),
        shard=(event.get("shard") or {}).get("index"),
        function_request_id=getattr(context, "aws_request_id", None),
    )
    try:
        with aws.deadline(context), settings.invoked_with(context):
            return batch_runs.handle(event)
    finally:
        logs.unbind_request()
