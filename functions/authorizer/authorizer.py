"""The REQUEST authorizer in front of every data route (see graphgate_service.bearer).

Deliberately not an APIGatewayRestResolver: an authorizer answers with a
policy or the exact exception `Unauthorized`, and imports as little as possible.
"""

from graphgate_service import bearer


def lambda_handler(event, context):
    return bearer.authorize(event, context)
