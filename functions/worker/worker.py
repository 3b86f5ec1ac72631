"""The worker: advances asynchronous runs, invoked asynchronously with
{tenant, session_id, run_id, correlation_id} (by the API function, or by itself
to continue), and the local runner's {action: resume_interrupted} when it starts."""

from graphgate_service import aws, jobs, logs, settings


def lambda_handler(event, context):
    if event.get("action") == "resume_interrupted":
        return {"resumed": jobs.resume_interrupted()}
    # The caller's correlation id and the run id on every line, so one search finds
    # the request and every invocation it caused (events queued before the id
    # travelled carry only the run id).
    logs.bind_request(
        event.get("correlation_id") or event["run_id"],
        run_id=event["run_id"],
        session_id=event["session_id"],
        function_request_id=getattr(context, "aws_request_id", None),
    )
    try:
        slice_s = settings.worker_slice_s()
        with aws.deadline(context), settings.invoked_with(context):
            status = jobs.work(event, context.get_remaining_time_in_millis() / 1000, slice_s)
        return {"run_id": event["run_id"], "status": status}
    finally:
        logs.unbind_request()
