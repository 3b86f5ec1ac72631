"""The worker: advances asynchronous runs, invoked asynchronously with
{tenant, session_id, run_id} (by the API function, or by itself to continue)."""

import os

from graphgate_service import aws, jobs, logs


def lambda_handler(event, context):
    logs.bind_request(event["run_id"], session_id=event["session_id"])
    try:
        slice_s = float(os.environ.get("WORKER_SLICE_S") or 0) or None
        with aws.deadline(context):
            status = jobs.work(event, context.get_remaining_time_in_millis() / 1000, slice_s)
        return {"run_id": event["run_id"], "status": status}
    finally:
        logs.unbind_request()
