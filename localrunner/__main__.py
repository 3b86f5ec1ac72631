"""graphgate-local: serve the whole API on 127.0.0.1 without AWS or Docker."""

import argparse
import signal
import sys
from pathlib import Path

from localrunner.output import LineWriter
from localrunner.runner import REPO_ROOT, LocalRunner, RunnerConfig


def _parameter(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="graphgate-local", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000, help="0 picks a free port")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=REPO_ROOT / ".local" / "data",
        help="where local data is kept between runs",
    )
    parser.add_argument(
        "--state-file",
        type=Path,
        default=None,
        help=f"where the admin command finds this runner (default {RunnerConfig.state_file}, "
        "none when --ephemeral)",
    )
    parser.add_argument(
        "--ephemeral",
        action="store_true",
        help="keep no data: no snapshot on disk (and no state file unless --state-file is given)",
    )
    parser.add_argument(
        "--param",
        type=_parameter,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a template parameter",
    )
    parser.add_argument(
        "--function-timeout",
        type=_parameter,
        action="append",
        default=[],
        metavar="FUNCTION=SECONDS",
        help="replace a function's Timeout (its logical id in template.yaml)",
    )
    parser.add_argument(
        "--key-miss-refresh",
        type=float,
        default=RunnerConfig.key_miss_refresh_s,
        metavar="SECONDS",
        help="reload the API keys on an unknown key at most this often: how long a new key "
        "may be refused (default %(default)s)",
    )
    parser.add_argument(
        "--ttl-sweep",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="delete expired items this often, as DynamoDB's TTL does in the background, "
        "and hand their stream records to the functions that read them (0: never; "
        "default %(default)s)",
    )
    parser.add_argument(
        "--no-embedded-aws",
        action="store_true",
        help="use the AWS endpoint boto3 is configured for "
        "(AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, ... or real AWS)",
    )
    args = parser.parse_args(argv)
    config = RunnerConfig(
        host=args.host,
        port=args.port,
        data_dir=None if args.ephemeral else args.data_dir,
        state_file=args.state_file or (None if args.ephemeral else RunnerConfig.state_file),
        parameters=dict(args.param),
        function_timeouts={name: float(value) for name, value in args.function_timeout},
        embedded_aws=not args.no_embedded_aws,
        key_miss_refresh_s=args.key_miss_refresh,
        ttl_sweep_s=args.ttl_sweep or None,
        owns_process=True,
    )
    sys.stdout = LineWriter(sys.stdout)
    runner = LocalRunner(config).start()
    assert runner.server is not None

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        runner.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
