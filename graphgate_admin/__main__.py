"""graphgate-admin: operator commands, against a deployed stack or the local runner.

graphgate-admin create-tenant --name acme --plan free            # local runner
graphgate-admin create-tenant --name acme --plan pro --stack graphgate-prod --region eu-west-1
graphgate-admin list-keys --tenant t_0123456789abcdef
graphgate-admin rotate-key --key-id abc123 --grace-seconds 86400  # prints the new key once
graphgate-admin disable-key --key-id abc123
graphgate-admin expire-keys                                        # disable keys past their grace
graphgate-admin set-plan --tenant t_0123456789abcdef --plan pro    # caps, scopes, rates, quota
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from graphgate_service import graphs, tenants

# What the commands read from a deployed stack (template.yaml's Outputs).
STACK_OUTPUTS = ("TableName", "FreeUsagePlanId", "ProUsagePlanId")
LOCAL_STATE = Path(__file__).resolve().parent.parent / ".local" / "runner.json"


def _target(args: argparse.Namespace) -> dict[str, Any]:
    """Clients and resource ids of the stack, or of the running local runner."""
    if args.stack:
        session = boto3.session.Session(region_name=args.region)
        outputs = {
            o["OutputKey"]: o["OutputValue"]
            for o in session.client("cloudformation").describe_stacks(StackName=args.stack)[
                "Stacks"
            ][0]["Outputs"]
        }
        missing = sorted(set(STACK_OUTPUTS) - set(outputs))
        if missing:
            raise ValueError(f"stack {args.stack} has no output {', '.join(missing)}")
        return {
            "apigateway": session.client("apigateway"),
            # The key admin reaches only the table.
            "store": tenants.TenantStore(
                outputs["TableName"], "", session.client("dynamodb"), None
            ),
            "stage": args.stack.rsplit("-", 1)[-1],
            "plans": {"free": outputs["FreeUsagePlanId"], "pro": outputs["ProUsagePlanId"]},
        }
    return local_target(Path(args.local_state))


def local_target(state_file: Path) -> dict[str, Any]:
    """Clients and resource ids of the local runner whose state file this is."""
    if not state_file.exists():
        raise SystemExit(
            "no local runner is running (start one with `make serve`), "
            "or pass --stack NAME to work against AWS"
        )
    state = json.loads(state_file.read_text(encoding="utf-8"))
    session = boto3.session.Session(
        aws_access_key_id="local", aws_secret_access_key="local", region_name="us-east-1"
    )
    endpoint = state["aws_endpoint"]
    return {
        "apigateway": session.client("apigateway", endpoint_url=endpoint),
        "store": tenants.TenantStore(
            state["table"], "", session.client("dynamodb", endpoint_url=endpoint), None
        ),
        "stage": state["stage"],
        "plans": {
            "free": state["usage_plans"]["FreeUsagePlan"],
            "pro": state["usage_plans"]["ProUsagePlan"],
        },
    }


def new_tenant(target: dict[str, Any], name: str, plan: str) -> dict[str, str]:
    """Create a tenant on `target`; its ids and the API key, shown only now."""
    tenant = tenants.create_tenant(
        name,
        plan,
        apigateway=target["apigateway"],
        store=target["store"],
        usage_plan_id=target["plans"][plan],
        stage=target["stage"],
    )
    return {
        "tenant_id": tenant.tenant_id,
        "name": tenant.name,
        "plan": tenant.plan,
        "api_key_id": tenant.api_key_id,
        "api_key": tenant.api_key,
    }


def create_tenant(args: argparse.Namespace) -> int:
    tenant = new_tenant(_target(args), args.name, args.plan)
    if args.output == "json":
        print(json.dumps(tenant))
    else:
        print(f"tenant   {tenant['tenant_id']} ({tenant['name']}, plan {tenant['plan']})")
        print(f"key id   {tenant['api_key_id']}")
        print(f"api key  {tenant['api_key']}")
        print("The key is shown only now; store it somewhere safe.", file=sys.stderr)
    return 0


def _when(epoch_s: int) -> str:
    """A moment as the API shows its timestamps; the JSON output keeps epoch seconds,
    which scripts already parse."""
    return graphs.iso(epoch_s * 1000)


def _print(args: argparse.Namespace, document: dict[str, Any], text: str) -> None:
    print(json.dumps(document) if args.output == "json" else text)


def list_keys(args: argparse.Namespace) -> int:
    target = _target(args)
    keys = tenants.list_keys(
        args.tenant,
        apigateway=target["apigateway"],
        store=target["store"],
    )
    rows = [
        {
            "api_key_id": k.api_key_id,
            "created_at": k.created_at,
            "enabled": k.enabled,
            "not_after": k.not_after,
        }
        for k in keys
    ]
    lines = [
        f"{r['api_key_id']:<14} {'enabled ' if r['enabled'] else 'disabled'} "
        f"{'until ' + _when(r['not_after']) if r['not_after'] else ''}"
        for r in rows
    ]
    _print(args, {"tenant_id": args.tenant, "keys": rows}, "\n".join(lines) or "(no keys)")
    return 0


def disable_key(args: argparse.Namespace) -> int:
    target = _target(args)
    tenants.disable_key(
        args.key_id,
        apigateway=target["apigateway"],
        store=target["store"],
    )
    _print(args, {"api_key_id": args.key_id, "enabled": False}, f"disabled {args.key_id}")
    return 0


def rotate_key(args: argparse.Namespace) -> int:
    target = _target(args)
    new = tenants.rotate_key(
        args.key_id,
        grace_s=args.grace_seconds,
        apigateway=target["apigateway"],
        store=target["store"],
        usage_plan_ids=target["plans"],
        stage=target["stage"],
    )
    document = {
        "tenant_id": new.tenant_id,
        "api_key_id": new.api_key_id,
        "api_key": new.api_key,
        "old_key_id": new.old_key_id,
        "old_key_not_after": new.old_key_not_after,
    }
    _print(
        args,
        document,
        f"key id   {new.api_key_id}\napi key  {new.api_key}\n"
        f"old key  {new.old_key_id} stops working at {_when(new.old_key_not_after)}",
    )
    if args.output != "json":
        print("The key is shown only now; store it somewhere safe.", file=sys.stderr)
    return 0


def expire_keys(args: argparse.Namespace) -> int:
    target = _target(args)
    expired = tenants.expire_keys(apigateway=target["apigateway"], store=target["store"])
    _print(args, {"disabled": expired}, "\n".join(expired) or "(nothing to expire)")
    return 0


def set_plan(args: argparse.Namespace) -> int:
    target = _target(args)
    moved = tenants.set_plan(
        args.tenant,
        args.plan,
        apigateway=target["apigateway"],
        store=target["store"],
        usage_plan_ids=target["plans"],
    )
    _print(
        args,
        {"tenant_id": args.tenant, "plan": args.plan, "api_key_ids": moved},
        f"tenant {args.tenant} is on plan {args.plan} ({len(moved)} keys moved)",
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="graphgate-admin",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--stack", help="CloudFormation stack of a deployed stage")
    parser.add_argument("--region", help="AWS region of --stack")
    parser.add_argument("--local-state", default=str(LOCAL_STATE), help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-tenant", help="create a tenant and print its API key")
    create.add_argument("--name", required=True)
    create.add_argument("--plan", choices=tenants.PLANS, default="free")
    create.add_argument("--output", choices=("text", "json"), default="text")
    create.set_defaults(run=create_tenant)
    listing = commands.add_parser("list-keys", help="list a tenant's API keys")
    listing.add_argument("--tenant", required=True)
    listing.set_defaults(run=list_keys)
    disable = commands.add_parser("disable-key", help="disable an API key at once")
    disable.add_argument("--key-id", required=True)
    disable.set_defaults(run=disable_key)
    rotate = commands.add_parser(
        "rotate-key", help="issue a new key; the old one keeps working for a grace period"
    )
    rotate.add_argument("--key-id", required=True)
    rotate.add_argument("--grace-seconds", type=int, default=tenants.DEFAULT_GRACE_S)
    rotate.set_defaults(run=rotate_key)
    expire = commands.add_parser(
        "expire-keys", help="disable every rotated-out key whose grace period is over"
    )
    expire.set_defaults(run=expire_keys)
    plan = commands.add_parser(
        "set-plan", help="move a tenant and its keys to another plan (upgrade or downgrade)"
    )
    plan.add_argument("--tenant", required=True)
    plan.add_argument("--plan", choices=tenants.PLANS, required=True)
    plan.set_defaults(run=set_plan)
    for command in (listing, disable, rotate, expire, plan):
        command.add_argument("--output", choices=("text", "json"), default="text")
    for command in (create, listing, disable, rotate, expire, plan):
        # The docs write `--stack` after the command too; SUPPRESS keeps a value given
        # before the command when none is given after it.
        command.add_argument("--stack", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        command.add_argument("--region", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ValueError as exc:
        print(f"graphgate-admin: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        # No stack of that name in the region, no credentials, no region: AWS's own words.
        print(f"graphgate-admin: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
