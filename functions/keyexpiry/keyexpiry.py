"""On a schedule: disable in API Gateway every rotated-out key whose grace
period is over. The authorizer and the token service already refuse such a
key from its `not_after` on; this takes it out of the gateway too, so it stops
reaching the routes without an authorizer (health) and stops being metered."""

from graphgate_service import aws, logs, tenants

logger = logs.logger


def lambda_handler(event, context):
    # EventBridge Scheduler events carry no id of their own; the invocation's is unique.
    logs.bind_request(context.aws_request_id)
    try:
        # Out of time, it stops between calls; the next run carries on where it left.
        with aws.deadline(context):
            disabled = tenants.expire_keys(
                apigateway=aws.client("apigateway"), store=tenants.store()
            )
        logger.info("keys expired", extra={"disabled": disabled, "count": len(disabled)})
        return {"disabled": disabled}
    finally:
        logs.unbind_request()
