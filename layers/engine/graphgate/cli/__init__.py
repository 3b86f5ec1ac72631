"""`graphgate`: the command line for the graphgate API.

    graphgate configure                       # URL and key into ~/.config/graphgate/config.toml
    graphgate graphs ls|get|create|import|export|rm|dot
    graphgate run GRAPH FETCH... --feed x=@x.npy
    graphgate sessions ls|get|create|rm|vars|export
    graphgate runs ls|get|watch|cancel
    graphgate usage
    graphgate onnx check model.onnx           # offline: what graphgate cannot import

Exit codes (see EXIT_CODES) let scripts tell "fix the request" from "try later".
Errors are one line on stderr with the code, the reason and the request id.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

OK = 0
UNEXPECTED = 1  # a bug here or there (500): quote the request id
USAGE = 2  # bad arguments or input files, no configuration
AUTH = 3  # 401/403: key, token or scope
NOT_FOUND = 4  # 404
REJECTED = 5  # 400/409/412/413/415/422: the request must change
THROTTLED = 6  # 429 after retries: rate limit or daily quota
UNAVAILABLE = 7  # no connection, timeouts, 502/503 after retries
RUN_FAILED = 8  # 504 DEADLINE_EXCEEDED, an async run failed or was cancelled
PIPE_CLOSED = 141  # the reader of stdout left (`| head`): a shell's 128 + SIGPIPE

EXIT_CODES = {
    OK: "success",
    UNEXPECTED: "unexpected error (a bug; quote the request id)",
    USAGE: "bad arguments, unreadable input or no configuration",
    AUTH: "authentication or permission (401/403)",
    NOT_FOUND: "not found (404)",
    REJECTED: "the request was refused as it is (400/409/412/413/415/422)",
    THROTTLED: "throttled or over quota (429), after retries",
    UNAVAILABLE: "the API could not be reached or is unavailable (502/503), after retries",
    RUN_FAILED: "the run did not complete (deadline, failed or cancelled)",
    PIPE_CLOSED: "the reader of the output closed it early (| head)",
}


COMMON_DEFAULTS = {
    "url": None,
    "api_key": None,
    "profile": None,
    "output": "table",
    "read_timeout": 60.0,
}


class UsageError(Exception):
    """Bad input to the CLI itself: exit 2."""


def main(argv: list[str] | None = None, *, stdout: TextIO | None = None) -> int:
    try:
        return _main(argv, stdout or sys.stdout)
    except BrokenPipeError:
        # `graphgate graphs ls | head`: stop as a program SIGPIPE ended would, with no
        # traceback, and leave Python's flush of stdout at exit nothing to fail on.
        if stdout is None:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return PIPE_CLOSED


def _main(argv: list[str] | None, out: TextIO) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    for name, default in COMMON_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    if not getattr(args, "handler", None):
        # `graphgate graphs` alone: the usage error names the group's own commands
        (getattr(args, "group", None) or parser).print_help(sys.stderr)
        return USAGE
    if getattr(args, "offline", False):  # local commands need neither the client nor the API
        return args.handler(args, out) or OK
    try:
        from graphgate.client import errors
    except ImportError as exc:  # the client extra is not installed: the error says so
        print(f"graphgate: {exc}", file=sys.stderr)
        return USAGE
    try:
        return args.handler(args, out) or OK
    except UsageError as exc:
        return _fail(str(exc), USAGE)
    except errors.ConfigurationError as exc:
        return _fail(str(exc), USAGE)
    except errors.ApiError as exc:
        return _fail(str(exc), _exit_code(exc))
    except errors.TransportError as exc:
        return _fail(f"cannot reach the API: {exc}", UNAVAILABLE)
    except (errors.RunFailedError, errors.RunCancelledError) as exc:
        return _fail(str(exc), RUN_FAILED)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


def _fail(message: str, code: int) -> int:
    print(f"graphgate: error: {message}", file=sys.stderr)
    return code


def _exit_code(exc: Any) -> int:
    from graphgate.client import errors

    if isinstance(exc, errors.DeadlineExceededError):
        return RUN_FAILED
    if isinstance(exc, errors.RateLimitedError):
        return THROTTLED
    if exc.status in (401, 403):
        return AUTH
    if exc.status == 404:
        return NOT_FOUND
    if exc.status in (502, 503):
        return UNAVAILABLE
    if 400 <= exc.status < 500:
        return REJECTED
    return UNEXPECTED


# -- arguments ------------------------------------------------------------------------------


def _positive(kind: type) -> Any:
    """An argparse type: a number of `kind` above 0 (a limit, an interval, a timeout)."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid {kind.__name__} value: {text!r}") from None
        if not 0 < value < float("inf"):
            raise argparse.ArgumentTypeError(f"must be a number above 0, not {text}")
        return value

    return parse


def _output_file(text: str) -> str:
    """An argparse type: a file this command can write, checked before any request, so
    that a typo in the path does not lose what the request fetched (or did)."""
    path = Path(text)
    folder = path.parent
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a directory")
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"no directory {folder} to write {path.name} in")
    if not os.access(folder, os.W_OK):
        raise argparse.ArgumentTypeError(f"cannot write in {folder}")
    return text


def _write(path: str, write: Any) -> None:
    """Call `write(path)`; a file that cannot be written after all is a usage error."""
    try:
        write(path)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


def _parser() -> argparse.ArgumentParser:
    # Accepted before or after the command; SUPPRESS so a subcommand's parser
    # does not overwrite a value given before it with its default.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--url", help="API base URL (else GRAPHGATE_API_URL, else the config)")
    common.add_argument("--api-key", help="API key (else GRAPHGATE_API_KEY, else the config)")
    common.add_argument("--profile", help="config-file profile (else GRAPHGATE_PROFILE)")
    common.add_argument("-o", "--output", choices=("table", "json"), help="default: table")
    common.add_argument("--read-timeout", type=_positive(float), help="seconds (default 60)")

    parser = argparse.ArgumentParser(
        prog="graphgate",
        description="Store and run TensorFlow 1.x-style graphs on graphgate.",
        epilog="exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items()),
        parents=[common],
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        group: Any, name: str, handler: Any, help_text: str, aliases: tuple[str, ...] = ()
    ) -> argparse.ArgumentParser:
        sub = group.add_parser(
            name, aliases=list(aliases), help=help_text, description=help_text, parents=[common]
        )
        sub.set_defaults(handler=handler)
        return sub

    configure = command(commands, "configure", _configure, "save the API URL and key in a profile")
    configure.add_argument("--no-verify", action="store_true", help="do not try the key")

    graphs = commands.add_parser("graphs", help="store and manage graphs").add_subparsers(
        title="graphs commands", metavar="COMMAND"
    )
    ls = command(graphs, "ls", _graphs_ls, "list graphs, newest first")
    ls.add_argument("--name-prefix")
    ls.add_argument("--tag")
    ls.add_argument("--content-hash")
    ls.add_argument("--limit", type=_positive(int), help="at most this many (default: all)")
    command(graphs, "get", _graphs_get, "show a graph").add_argument("graph_id")
    create = command(
        graphs,
        "create",
        _graphs_create,
        "store a graph document (JSON; - for stdin) or TensorFlow's GraphDef (.pb)",
    )
    create.add_argument("file")
    create.add_argument("--name", required=True)
    create.add_argument("--description")
    create.add_argument("--tag", action="append", dest="tags", default=[])
    gimport = command(
        graphs, "import", _graphs_import, "store an ONNX model as a graph (the API converts it)"
    )
    gimport.add_argument("file")
    gimport.add_argument("--name", help="default: the file's name without .onnx")
    gimport.add_argument("--description")
    gimport.add_argument("--tag", action="append", dest="tags", default=[])
    gimport.add_argument(
        "--constants", action="store_true", help="initializers as constants, not variables"
    )
    gexport = command(
        graphs, "export", _graphs_export, "write a stored graph as an ONNX model or TF GraphDef"
    )
    gexport.add_argument("graph_id")
    gexport.add_argument("file", type=_output_file, help="where to write the .onnx model (.pb)")
    gexport.add_argument(
        "--format",
        choices=("onnx", "graphdef"),
        default="onnx",
        help="graphdef: TensorFlow's binary GraphDef, the whole graph (default: onnx)",
    )
    gexport.add_argument(
        "--fetch", action="append", default=[], help="a model output (default: an imported model's)"
    )
    gexport.add_argument(
        "--feed",
        action="append",
        default=[],
        help="a model input (default: every placeholder the outputs read)",
    )
    gexport.add_argument(
        "--session", help="take the variables' values from this session (converts here)"
    )
    rm = command(graphs, "rm", _graphs_rm, "delete a graph")
    rm.add_argument("graph_id")
    rm.add_argument("--force", action="store_true", help="end its live sessions too")
    command(graphs, "dot", _graphs_dot, "print a graph as Graphviz DOT").add_argument("graph_id")

    run = command(commands, "run", _run, "run a stored graph (or a session) and print the fetches")
    run.add_argument("graph_id", help="graph id (ignored with --session: pass '-')")
    run.add_argument("fetches", nargs="*", help="node names to fetch")
    run.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="VALUE is JSON ([[1,2]], 3.5, or a tensor object) or @file.npy / @file.json",
    )
    run.add_argument("--feeds", metavar="FILE", help="a JSON object or .npz of name -> value")
    run.add_argument("--target", action="append", default=[], help="op to run for its effect")
    run.add_argument("--steps", type=int, default=1)
    run.add_argument("--timeout", type=_positive(float), help="the run's deadline in seconds")
    run.add_argument("--session", help="run in this session (its variables persist)")
    run.add_argument("--async", dest="run_async", action="store_true", help="start, print the run")
    run.add_argument("--watch", action="store_true", help="follow it to the end (an --async run)")
    run.add_argument(
        "--trace",
        metavar="FILE",
        type=_output_file,
        help="write the run's Chrome trace (chrome://tracing) to FILE",
    )
    run.add_argument("--dataset", help="train on this dataset (with --session; asynchronous)")
    run.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="ARRAY=PLACEHOLDER",
        help="with --dataset: the placeholder each array feeds",
    )
    run.add_argument("--batch-size", type=int, help="with --dataset: rows a step")
    run.add_argument("--epochs", type=int, help="with --dataset (default 1)")
    run.add_argument("--shuffle", action="store_true", help="with --dataset: a seeded order")
    run.add_argument("--seed", type=int, help="with --shuffle (default: chosen, shown on the run)")
    run.add_argument(
        "--drop-remainder", action="store_true", help="with --dataset: skip short batches"
    )
    run.add_argument(
        "--start",
        type=_start_position,
        metavar="EPOCH:OFFSET",
        help="with --dataset: continue an earlier run from its position (its seed via --seed)",
    )

    sessions = commands.add_parser("sessions", help="sessions and their variables").add_subparsers(
        title="sessions commands", metavar="COMMAND"
    )
    command(sessions, "ls", _sessions_ls, "list live sessions").add_argument(
        "--limit", type=_positive(int)
    )
    command(sessions, "get", _sessions_get, "show a session").add_argument("session_id")
    screate = command(sessions, "create", _sessions_create, "start a session on a graph")
    screate.add_argument("graph_id")
    screate.add_argument("--revision", type=int)
    screate.add_argument("--idle-ttl", type=int, help="seconds without runs before it ends")
    command(sessions, "rm", _sessions_rm, "end a session").add_argument("session_id")
    sexport = command(
        sessions,
        "export",
        _sessions_export,
        "save a session's graph and current variables as a TensorFlow SavedModel directory",
    )
    sexport.add_argument("session_id")
    sexport.add_argument("dir", help="where to write it (must not exist, or be empty)")
    sexport.add_argument(
        "--fetch", action="append", required=True, help="an output tensor (repeat)"
    )
    sexport.add_argument(
        "--feed", action="append", help="an input tensor (repeat; default: what the fetches need)"
    )
    svars = command(sessions, "vars", _sessions_vars, "print (or save) a session's variables")
    svars.add_argument("session_id")
    svars.add_argument(
        "--npz", metavar="FILE", type=_output_file, help="save them to FILE as a NumPy archive"
    )

    runs = commands.add_parser("runs", help="a session's runs").add_subparsers(
        title="runs commands", metavar="COMMAND"
    )
    rls = command(runs, "ls", _runs_ls, "list a session's runs, newest first")
    rls.add_argument("session_id")
    rls.add_argument("--limit", type=_positive(int), default=20)
    for name, handler, text in (
        ("get", _runs_get, "show a run"),
        ("watch", _runs_watch, "follow an async run with a progress bar until it ends"),
        ("cancel", _runs_cancel, "cancel an async run"),
    ):
        sub = command(runs, name, handler, text)
        sub.add_argument("session_id")
        sub.add_argument("run_id")
        if name == "watch":
            sub.add_argument("--interval", type=_positive(float), default=0.5)

    _datasets_parser(commands, command)
    _models_parser(commands, command)
    _batches_parser(commands, command)
    command(commands, "usage", _usage, "plan, quota and today's usage of the key")

    onnx_commands = commands.add_parser("onnx", help="ONNX models, locally").add_subparsers(
        title="onnx commands", metavar="COMMAND"
    )
    onnx_check = command(
        onnx_commands, "check", _onnx_check, "list what graphgate cannot import from a model"
    )
    onnx_check.add_argument("file")
    onnx_check.set_defaults(offline=True)

    saved_commands = commands.add_parser(
        "saved-model", help="tf.saved_model exports, locally"
    ).add_subparsers(title="saved-model commands", metavar="COMMAND")
    saved_show = command(
        saved_commands, "show", _saved_model_show, "list a saved model's tag sets and signatures"
    )
    saved_show.add_argument("dir", help="an export, or a directory of numbered ones")
    saved_show.set_defaults(offline=True)
    for group in commands.choices.values():
        if group._subparsers is not None:  # a group such as `graphs`: its help when alone
            group.set_defaults(group=group)
    return parser


def _datasets_parser(commands: Any, command: Any) -> None:
    datasets = commands.add_parser(
        "datasets", help="upload arrays once, train on them by row range"
    ).add_subparsers(title="datasets commands", metavar="COMMAND")
    upload = command(datasets, "upload", _datasets_upload, "upload .npy, .npz or CSV files")
    upload.add_argument("files", nargs="+", metavar="FILE")
    upload.add_argument("--name", help="default: the first file's name")
    upload.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="ARRAY=COL[,COL...]",
        help="CSV: make ARRAY of these columns (one: shape [rows]; several: [rows, n])",
    )
    upload.add_argument("--dtype", help="CSV: convert every column to this dtype")
    # `ls` and `rm` as every other group spells them; `list` and `delete`, the first
    # spellings, stay as aliases.
    command(
        datasets, "ls", _datasets_list, "list datasets, newest first", aliases=("list",)
    ).add_argument("--limit", type=_positive(int))
    command(datasets, "get", _datasets_get, "show a dataset").add_argument("dataset_id")
    command(datasets, "rm", _datasets_delete, "delete a dataset", aliases=("delete",)).add_argument(
        "dataset_id"
    )


DATASET_COLUMNS = ["id", "name", "status", "rows", "bytes", "arrays"]


def _datasets_upload(args: argparse.Namespace, out: TextIO) -> int:
    import os

    columns: dict[str, Any] = {}
    for item in args.column:
        array, sep, names = item.partition("=")
        if not sep or not array or not names:
            raise UsageError(f"--column {item!r}: expected ARRAY=COL[,COL...]")
        picked = names.split(",")
        columns[array] = picked[0] if len(picked) == 1 else picked
    from graphgate.client.datasets import FORMATS, unsupported_file

    for path in args.files:
        if os.path.splitext(path)[1].lower() not in FORMATS:
            raise UsageError(unsupported_file(path))
        if not os.path.isfile(path):
            raise UsageError(f"{path}: no such file")
    name = args.name or os.path.splitext(os.path.basename(args.files[0]))[0]
    with _client(args) as client:
        dataset = client.upload_dataset(args.files, name, columns=columns or None, dtype=args.dtype)
    _emit_datasets(args, out, dataset)
    return OK


def _datasets_list(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        items = list(client.datasets(page_size=100, limit=args.limit))
    _emit_datasets(args, out, items)
    return OK


def _datasets_get(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        dataset = client.get_dataset(args.dataset_id)
    _emit_datasets(args, out, dataset)
    return OK


def _datasets_delete(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        client.delete_dataset(args.dataset_id)
    _emit(args, out, {"deleted": args.dataset_id}, ["deleted"])
    return OK


def _emit_datasets(args: argparse.Namespace, out: TextIO, data: Any) -> None:
    """Datasets as they are (JSON), or with their arrays as `name:dtype[shape]` (a table)."""
    if _json_output(args):
        _print_json(out, data)
        return

    def row(dataset: dict[str, Any]) -> dict[str, Any]:
        arrays = dataset.get("arrays") or {}
        shown = [f"{n}:{a['dtype']}{a['shape']}".replace(" ", "") for n, a in arrays.items()]
        return {**dataset, "arrays": shown}

    _emit(
        args, out, [row(d) for d in data] if isinstance(data, list) else row(data), DATASET_COLUMNS
    )


def _batches_parser(commands: Any, command: Any) -> None:
    batches = commands.add_parser(
        "batches", help="run a graph over every row of a dataset, in shards"
    ).add_subparsers(title="batches commands", metavar="COMMAND")
    submit = command(batches, "submit", _batches_submit, "submit a batch over a dataset")
    source = submit.add_mutually_exclusive_group(required=True)
    source.add_argument("--session", help="a session (its variables are frozen now)")
    source.add_argument("--graph", help="a stored graph, GRAPH_ID or GRAPH_ID@REVISION")
    source.add_argument(
        "--model", help="a model version, NAME, NAME@VERSION or NAME@LABEL (resolved now)"
    )
    submit.add_argument("--dataset", required=True)
    submit.add_argument(
        "--input", action="append", default=[], metavar="PLACEHOLDER=ARRAY", required=True
    )
    submit.add_argument(
        "--fetch", action="append", default=[], metavar="NAME=TENSOR", required=True
    )
    submit.add_argument("--rows-per-shard", type=int)
    submit.add_argument("--max-concurrency", type=int)
    submit.add_argument("--watch", action="store_true", help="then follow it to its end")
    submit.add_argument(
        "--out", metavar="FILE", type=_output_file, help="with --watch: save the outputs (.npz)"
    )
    bls = command(batches, "ls", _batches_ls, "list batches, newest first")
    bls.add_argument("--limit", type=_positive(int), default=20)
    for name, handler, text in (
        ("get", _batches_get, "show a batch"),
        ("watch", _batches_watch, "follow a batch with a progress bar over its shards"),
        ("cancel", _batches_cancel, "cancel a batch"),
    ):
        sub = command(batches, name, handler, text)
        sub.add_argument("batch_id")
        if name == "watch":
            sub.add_argument("--interval", type=_positive(float), default=0.5)
            sub.add_argument(
                "--out", metavar="FILE", type=_output_file, help="save the outputs (.npz)"
            )


def _models_parser(commands: Any, command: Any) -> None:
    models = commands.add_parser("models", help="freeze, label and serve models").add_subparsers(
        title="models commands", metavar="COMMAND"
    )
    mcreate = command(
        models, "create", _models_create, "freeze a session or a saved model into a version"
    )
    mcreate.add_argument("name")
    source = mcreate.add_mutually_exclusive_group(required=True)
    source.add_argument("--session", help="the trained session")
    source.add_argument(
        "--saved-model",
        metavar="DIR",
        help="a tf.saved_model directory, one of numbered versions (the highest is read), "
        "or a .zip archive of either",
    )
    # Outputs are --fetch: -o/--output is every command's output format.
    for flag, what in (("--input", "a placeholder"), ("--fetch", "a tensor (an output)")):
        mcreate.add_argument(
            flag,
            action="append",
            metavar="NAME=NODE",
            help=f"with --session: the signature's name for {what} of the graph (repeat)",
        )
    mcreate.add_argument(
        "--signature",
        default="serving_default",
        metavar="KEY",
        help="with --saved-model: the SignatureDef to serve (default serving_default)",
    )
    mcreate.add_argument(
        "--tag",
        action="append",
        metavar="TAG",
        help="with --saved-model: the meta graph's tags (repeat; default serve)",
    )
    mcreate.add_argument(
        "--method",
        choices=("predict", "classify", "regress"),
        help="with --session: the TF Serving verb the signature answers (default predict)",
    )
    mcreate.add_argument("--max-batch", type=int, help="rows per request (default 1024)")
    mcreate.add_argument("--description")
    mexport = command(
        models, "export", _models_export, "save a version as a TensorFlow SavedModel directory"
    )
    mexport.add_argument("name")
    mexport.add_argument("dir", help="where to write it (must not exist, or be empty)")
    pick = mexport.add_mutually_exclusive_group()
    pick.add_argument("--version", type=int, help="default: the newest")
    pick.add_argument("--label", help="the version the label points at (not its canary)")
    mls = command(models, "ls", _models_ls, "list models, or a model's versions")
    mls.add_argument("name", nargs="?")
    mls.add_argument("--limit", type=_positive(int))
    mlabel = command(models, "label", _models_label, "point a label at a version")
    mlabel.add_argument("name")
    mlabel.add_argument("label")
    mlabel.add_argument("version", type=int)
    mlabel.add_argument("--canary", type=int, metavar="VERSION", help="split traffic with it")
    mlabel.add_argument("--weight", type=float, help="the canary's share, 0..1 (default 0.1)")
    mlabel.add_argument("--if-match", help="the model's ETag: move only if unchanged")
    mpredict = command(models, "predict", _models_predict, "predict with a model (KServe v2)")
    mpredict.add_argument("name")
    pick = mpredict.add_mutually_exclusive_group()
    pick.add_argument("--version", type=int)
    pick.add_argument("--label")
    mpredict.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="VALUE is JSON ([[1,2]]) or @file.npy / @file.json",
    )
    mpredict.add_argument("--request-id", help="pins a canary split: same id, same version")
    for verb in ("classify", "regress"):
        parser = command(
            models, verb, _models_tfserving, f"{verb} JSON examples with a model (TF Serving)"
        )
        parser.set_defaults(verb=verb)
        parser.add_argument("name")
        pick = parser.add_mutually_exclusive_group()
        pick.add_argument("--version", type=int)
        pick.add_argument("--label")
        parser.add_argument(
            "--examples",
            required=True,
            metavar="JSON",
            help="a JSON list of examples (objects of features), or @file.json",
        )
        parser.add_argument("--context", metavar="JSON", help="features merged into each example")
        parser.add_argument("--signature", help="the signature_name (default serving_default)")


# -- commands -----------------------------------------------------------------------------


def _client(args: argparse.Namespace) -> Any:
    from graphgate.client import Client

    return Client(args.url, args.api_key, profile=args.profile, read_timeout=args.read_timeout)


def _configure(args: argparse.Namespace, out: TextIO) -> int:
    from graphgate.client import Client, config

    profile = args.profile or config.DEFAULT_PROFILE
    stored = config.read_profiles().get(profile, {})
    url = args.url or _ask(f"API URL [{stored.get('url', '')}]: ") or stored.get("url")
    api_key = args.api_key or getpass.getpass("API key (hidden): ") or stored.get("api_key")
    if not url or not api_key:
        raise UsageError("configure needs a URL and an API key")
    if not args.no_verify:
        with Client(url, api_key) as client:
            client.usage()  # a token and a data route: the key really works
    path = config.save(url, api_key, profile=profile)
    _emit(
        args, out, {"profile": profile, "url": url, "file": str(path)}, ["profile", "url", "file"]
    )
    return OK


def _graphs_ls(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        items = list(
            client.graphs(
                name_prefix=args.name_prefix,
                tag=args.tag,
                content_hash=args.content_hash,
                page_size=min(100, args.limit) if args.limit else 100,
                limit=args.limit,
            )
        )
    columns = ["id", "name", "revision", "node_count", "tags", "updated_at"]
    _emit(args, out, items, columns)
    return OK


def _graphs_get(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        graph = client.get_graph(args.graph_id)
    if _json_output(args):
        _print_json(out, graph)
    else:
        summary = {
            k: graph.get(k)
            for k in (
                "id",
                "name",
                "description",
                "tags",
                "revision",
                "etag",
                "content_hash",
                "node_count",
                "updated_at",
            )
        }
        _print_record(out, summary)
        signature = graph.get("signature") or {}
        for kind in ("placeholders", "variables"):
            for item in signature.get(kind) or []:
                print(f"{kind[:-1]:<12} {item['name']}  {item['dtype']}  {item['shape']}", file=out)
    return OK


def _graphs_create(args: argparse.Namespace, out: TextIO) -> int:
    document = _read_graph(args.file)
    with _client(args) as client:
        graph = client.create_graph(
            args.name, document, description=args.description, tags=args.tags or None
        )
    _emit(args, out, graph, ["id", "name", "revision", "node_count", "content_hash"])
    return OK


def _graphs_import(args: argparse.Namespace, out: TextIO) -> int:
    # The service converts: one converter, and the graph records its source. Nothing
    # is stored when it refuses the model (ONNX_UNSUPPORTED lists every node, exit 5).
    try:
        blob = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc}") from None
    name = args.name or Path(args.file).name.removesuffix(".onnx")
    description = args.description or f"Imported from the ONNX model {Path(args.file).name}"
    with _client(args) as client:
        stored = client.import_onnx(
            blob, name, description=description, tags=args.tags, constants=args.constants
        )
    _emit(args, out, stored, ["id", "name", "revision", "node_count", "content_hash"])
    return OK


def _graphs_export(args: argparse.Namespace, out: TextIO) -> int:
    if args.format == "graphdef":
        return _export_graph_def(args, out)
    if not args.session:
        with _client(args) as client:
            blob = client.export_onnx(args.graph_id, args.fetch, args.feed)
        _write(args.file, lambda path: Path(path).write_bytes(blob))
        _emit(args, out, {"written": args.file, "bytes": len(blob)}, ["written"])
        return OK
    return _export_trained(args, out)


def _export_graph_def(args: argparse.Namespace, out: TextIO) -> int:
    # A GraphDef holds the whole graph, its variables with their stored initial values:
    # no outputs to choose, and a session's values would need a checkpoint beside it.
    given = [f"--{o}" for o in ("fetch", "feed", "session") if getattr(args, o)]
    if given:
        raise UsageError(f"{', '.join(given)} apply to ONNX only (--format onnx)")
    with _client(args) as client:
        blob = client.export_graph_def(args.graph_id)
    _write(args.file, lambda path: Path(path).write_bytes(blob))
    _emit(args, out, {"written": args.file, "bytes": len(blob)}, ["written"])
    return OK


def _export_trained(args: argparse.Namespace, out: TextIO) -> int:
    """A session's variables are not the stored graph's: export here, with its values."""
    import graphgate as gg
    from graphgate.errors import GraphgateError
    from graphgate.needed_feeds import placeholders_needed
    from graphgate.onnx import export_onnx

    with _client(args) as client:
        stored = client.get_graph(args.graph_id)
        values = client.get_variables(args.session)
    graph = gg.graph_from_dict(stored["graph"])
    source = stored.get("source") or {}
    fetches = args.fetch or source.get("outputs")
    if not fetches:
        raise UsageError("--fetch is needed: the graph was not imported from ONNX")
    feeds = args.feed or (source.get("inputs") if not args.fetch else None)
    session = gg.Session(graph)
    try:
        if not feeds:  # as the service's export: the placeholders the outputs read
            feeds = [t.op.name for t in placeholders_needed(map(graph.resolve, fetches))]
        session.set_variables(values)
        export_onnx(graph, fetches, feeds, path=args.file, session=session)
    except GraphgateError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise UsageError(f"cannot write {args.file}: {exc.strerror or exc}") from None
    finally:
        session.close()
    _emit(args, out, {"written": args.file, "outputs": fetches, "inputs": feeds}, ["written"])
    return OK


def _graphs_rm(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        client.delete_graph(args.graph_id, force=args.force)
    _emit(args, out, {"deleted": args.graph_id}, ["deleted"])
    return OK


def _graphs_dot(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        out.write(client.graph_dot(args.graph_id))
    return OK


# (option, the option it only modifies): given alone, each was silently ignored.
RUN_MODIFIERS = (
    ("map", "dataset"),
    ("batch_size", "dataset"),
    ("epochs", "dataset"),
    ("shuffle", "dataset"),
    ("drop_remainder", "dataset"),
    ("start", "dataset"),
    ("seed", "shuffle"),
)


def _refuse_lone_modifiers(args: argparse.Namespace, modifiers: tuple) -> None:
    """A UsageError for an option given without the one it modifies."""
    for option, needed in modifiers:
        given = getattr(args, option)
        if given not in (None, False, []) and not getattr(args, needed):
            flag = "--" + option.replace("_", "-")
            raise UsageError(f"{flag} works only with --{needed}: add --{needed}, or drop {flag}")


def _check_run(args: argparse.Namespace) -> None:
    """What `run` refuses before it sends anything."""
    if not args.fetches and not args.target:
        raise UsageError("name at least one fetch or --target")
    _refuse_lone_modifiers(args, RUN_MODIFIERS)
    # --watch alone follows the run as --async --watch does (it was silently ignored).
    args.run_async = args.run_async or args.watch
    if args.run_async and not args.session:
        raise UsageError("--async and --watch runs need --session (async runs belong to a session)")
    if args.graph_id == "-" and not args.session:
        raise UsageError("`run -` runs in a session: give --session")


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from graphgate.client.remote import AsyncRun, wire_timeout_ms

    _check_run(args)
    request: dict[str, Any] = {"fetches": list(args.fetches), "encoding": "b64"}
    feeds = _read_feeds(args.feeds, args.feed)
    if feeds:
        request["feeds"] = feeds
    if args.target:
        request["targets"] = list(args.target)
    if args.steps != 1:
        request["steps"] = args.steps
    if args.timeout is not None:
        request["timeout_ms"] = wire_timeout_ms(args.timeout)
    if args.trace:
        request["trace"] = True
    if args.dataset:
        request["dataset"] = _dataset_feed(args)
    with _client(args) as client:
        for name, value in (request.get("feeds") or {}).items():
            if not isinstance(value, dict):  # too large for the request: through S3
                request["feeds"][name] = {"upload_id": client.upload_array(value)}
        if not args.session:
            result = client.run_graph(args.graph_id, request)
        else:
            response = client.run_session(args.session, request, respond_async=args.run_async)
            result = client.inline_outputs(response.json())
            if response.status == 202:
                handle = AsyncRun(client, args.session, result, _decoded_outputs(args.fetches))
                if args.run_async and not args.watch:
                    _emit(args, out, handle.record, ["id", "status", "steps"])
                    return OK
                # Watched, or the service's own choice for a run too long to wait on.
                return _follow(args, out, handle)
    if args.trace:
        _write_trace(args.trace, result.get("step_stats"))
    _print_outputs(args, out, args.fetches, result)
    return OK


def _dataset_feed(args: argparse.Namespace) -> dict[str, Any]:
    """The run's `dataset` (docs/datasets.md) from --dataset and its options."""
    if not args.session:
        raise UsageError("--dataset trains a session: give --session")
    if not args.map or args.batch_size is None:
        raise UsageError("--dataset needs --map ARRAY=PLACEHOLDER and --batch-size")
    if args.batch_size < 1:
        raise UsageError(f"--batch-size is a number of rows, at least 1, not {args.batch_size}")
    if args.steps != 1:
        raise UsageError("a run over a dataset takes its steps from --epochs and --batch-size")
    mapping = {}
    for pair in args.map:
        array, sep, placeholder = pair.partition("=")
        if not sep or not array or not placeholder:
            raise UsageError(f"--map takes ARRAY=PLACEHOLDER, not {pair!r}")
        mapping[array] = placeholder
    feed: dict[str, Any] = {
        "id": args.dataset,
        "map": mapping,
        "batch_size": args.batch_size,
        "epochs": 1 if args.epochs is None else args.epochs,
        "shuffle": args.shuffle,
        "drop_remainder": args.drop_remainder,
    }
    if args.seed is not None:
        feed["seed"] = args.seed
    if args.start is not None:
        feed["start"] = args.start
    return feed


def _start_position(text: str) -> dict[str, int]:
    """--start EPOCH:OFFSET, as a run's `position` shows them."""
    epoch, sep, offset = text.partition(":")
    try:
        position = {"epoch": int(epoch), "offset": int(offset)}
    except ValueError:
        position = None
    if not sep or position is None or min(position.values()) < 0:
        raise argparse.ArgumentTypeError(
            f"takes EPOCH:OFFSET, two whole numbers from a run's position, not {text!r}"
        )
    return position


def _write_trace(path: str, stats: Any) -> None:
    from graphgate.run_metadata import StepStats
    from graphgate.timeline import Timeline

    if not isinstance(stats, dict):
        raise UsageError("the service sent no step stats (only synchronous runs are traced)")
    trace = Timeline(StepStats.from_dict(stats)).generate_chrome_trace_format()
    _write(path, lambda file: Path(file).write_text(trace, encoding="utf-8"))


def _sessions_ls(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        items = list(client.sessions(page_size=100, limit=args.limit))
    _emit(args, out, items, ["id", "graph_id", "graph_revision", "version", "expires_at"])
    return OK


def _sessions_get(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        session = client.get_session(args.session_id)
    _emit(args, out, session, ["id", "graph_id", "graph_revision", "version", "expires_at"])
    return OK


def _sessions_create(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        session = client.create_session(
            args.graph_id, graph_revision=args.revision, idle_ttl_s=args.idle_ttl
        )
    _emit(args, out, session, ["id", "graph_id", "graph_revision", "version", "expires_at"])
    return OK


def _sessions_rm(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        client.delete_session(args.session_id)
    _emit(args, out, {"deleted": args.session_id}, ["deleted"])
    return OK


def _sessions_vars(args: argparse.Namespace, out: TextIO) -> int:
    from graphgate.serialization import savez

    with _client(args) as client:
        values = client.get_variables(args.session_id)
    if args.npz:
        _write(args.npz, lambda path: savez(path, values))
        _emit(args, out, {"saved": args.npz, "variables": sorted(values)}, ["saved", "variables"])
        return OK
    _print_values(args, out, values)
    return OK


def _runs_ls(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        items = list(
            client.session_runs(args.session_id, page_size=min(100, args.limit), limit=args.limit)
        )
    _emit(args, out, items, ["id", "mode", "status", "steps", "completed_steps", "created_at"])
    return OK


def _runs_get(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        run = client.get_run(args.session_id, args.run_id)
    columns = ["id", "mode", "status", "steps", "completed_steps", "compute_ms"]
    # A failed run's table said `failed` and nothing of why (`-o json` had it).
    _emit(args, out, run, [*columns, "error"] if run.get("error") else columns)
    return OK


def _runs_watch(args: argparse.Namespace, out: TextIO) -> int:
    from graphgate.client.remote import AsyncRun

    with _client(args) as client:
        record = client.get_run(args.session_id, args.run_id)
        handle = AsyncRun(client, args.session_id, record, _decoded_outputs(None))
        return _follow(args, out, handle, interval=args.interval)


def _runs_cancel(args: argparse.Namespace, out: TextIO) -> int:
    # An ended run is the API's 409 RUN_FINISHED: exit 5 with its code and request id, as
    # every refused request (client.cancel_run answers None for scripts that ask).
    with _client(args) as client:
        path = f"/v1/sessions/{args.session_id}/runs/{args.run_id}"
        answer = client.request("DELETE", path).json()
    _emit(args, out, {"cancelling": args.run_id, **answer}, ["cancelling", "status"])
    return OK


BATCH_COLUMNS = ["id", "status", "rows", "rows_done", "rows_per_second", "shards"]


def _batches_submit(args: argparse.Namespace, out: TextIO) -> int:
    _refuse_lone_modifiers(args, (("out", "watch"),))
    request: dict[str, Any] = {
        "dataset": args.dataset,
        "inputs": _pairs(args.input, "--input"),
        "fetches": _pairs(args.fetch, "--fetch"),
    }
    if args.session:
        request["session"] = args.session
    elif args.model:
        name, _, at = args.model.partition("@")
        request["model"] = {"name": name}
        if at:
            request["model"]["version" if at.isdigit() else "label"] = (
                int(at) if at.isdigit() else at
            )
    else:
        graph_id, _, revision = args.graph.partition("@")
        if revision and not revision.isdigit():
            raise UsageError(f"--graph takes GRAPH or GRAPH@REVISION (a number), not {args.graph}")
        request["graph"] = {"id": graph_id, **({"revision": int(revision)} if revision else {})}
    if args.rows_per_shard:
        request["rows_per_shard"] = args.rows_per_shard
    if args.max_concurrency:
        request["max_concurrency"] = args.max_concurrency
    with _client(args) as client:
        batch = client.submit_batch(request)
        if not args.watch:
            _emit(args, out, batch, BATCH_COLUMNS)
            return OK
        return _follow_batch(args, out, client, batch)


def _batches_ls(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        items = list(client.batches(page_size=min(100, args.limit), limit=args.limit))
    _emit(args, out, items, ["id", "status", "rows", "shards_total", "dataset", "created_at"])
    return OK


def _batches_get(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        batch = client.get_batch(args.batch_id)
    _emit(args, out, batch, BATCH_COLUMNS)
    return OK


def _batches_watch(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        return _follow_batch(args, out, client, client.get_batch(args.batch_id))


def _batches_cancel(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:  # an ended batch: 409 BATCH_FINISHED, exit 5
        answer = client.request("DELETE", f"/v1/batches/{args.batch_id}").json()
    _emit(args, out, answer, BATCH_COLUMNS)
    return OK


def _follow_batch(args: argparse.Namespace, out: TextIO, client: Any, batch: dict) -> int:
    """A progress bar over shards (stderr) until the batch ends; then the batch, and
    with --out its outputs saved in row order."""
    from graphgate.cli.progress import ProgressBar
    from graphgate.client.remote import BatchRun
    from graphgate.serialization import savez

    handle = BatchRun(client, batch)
    bar = ProgressBar(batch["shards"]["total"], label="shards")
    try:
        for record in handle.watch(getattr(args, "interval", 0.5)):
            shards = record["shards"]
            metrics = {"rows/s": record.get("rows_per_second", 0)}
            if shards.get("failed"):
                metrics["failed"] = shards["failed"]
            bar.update(shards["done"], metrics, record["status"])
    finally:
        bar.close()
    record = handle.record
    if getattr(args, "out", None) and record.get("outputs"):
        columns = handle.columns()
        _write(args.out, lambda path: savez(path, columns))
    _emit(args, out, record, BATCH_COLUMNS)
    if record["status"] != "succeeded":
        detail = (record.get("error") or {}).get("detail") or record["status"]
        return _fail(f"batch {record['id']} {record['status']}: {detail}", RUN_FAILED)
    return OK


def _pairs(pairs: list[str], flag: str) -> dict[str, str]:
    named = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name or not value:
            raise UsageError(f"{flag} takes NAME=VALUE, not {pair!r}")
        named[name] = value
    return named


def _models_create(args: argparse.Namespace, out: TextIO) -> int:
    if args.saved_model is not None:
        return _models_create_saved(args, out)
    if not args.input or not args.fetch:
        raise UsageError("--session needs --input and --fetch")
    with _client(args) as client:
        version = client.create_model_version(
            args.name,
            args.session,
            _pairs(args.input, "--input"),
            _pairs(args.fetch, "--fetch"),
            max_batch_size=args.max_batch,
            description=args.description,
            method_name=args.method and f"tensorflow/serving/{args.method}",
        )
    _emit(args, out, version, ["model", "version", "created_at"])
    return OK


def _models_create_saved(args: argparse.Namespace, out: TextIO) -> int:
    """The signature names the inputs and outputs: --input/--fetch would be a second
    spelling of them that could disagree."""
    from graphgate.errors import GraphgateError

    if args.input or args.fetch or args.method:
        raise UsageError("--saved-model takes its inputs, outputs and method from the signature")
    with _client(args) as client:
        try:
            version = client.create_model_version_from_saved_model(
                args.name,
                args.saved_model,
                signature_key=args.signature,
                tags=args.tag or ["serve"],
                max_batch_size=args.max_batch,
                description=args.description,
            )
        except GraphgateError as exc:  # the directory, read here: not the API's answer
            raise UsageError(str(exc)) from None
    _emit(args, out, version, ["model", "version", "created_at"])
    return OK


def _models_export(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        try:
            version = client.export_saved_model(
                args.name, args.dir, version=args.version, label=args.label
            )
        except (ValueError, OSError) as exc:  # the directory or the label, here
            raise UsageError(str(exc)) from None
    _emit(args, out, {"model": args.name, "version": version, "written": args.dir}, ["written"])
    return OK


def _sessions_export(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        try:
            client.export_session_saved_model(args.session_id, args.dir, args.fetch, args.feed)
        except (ValueError, OSError) as exc:
            raise UsageError(str(exc)) from None
    _emit(args, out, {"session": args.session_id, "written": args.dir}, ["written"])
    return OK


def _models_ls(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        if args.name is None:
            _emit(
                args,
                out,
                list(client.models(page_size=100, limit=args.limit)),
                ["name", "created_at"],
            )
            return OK
        items = list(client.model_versions(args.name, page_size=100, limit=args.limit))
        labels = client.get_model(args.name)["labels"]
    table = not _json_output(args)
    for item in items:
        item["labels"] = sorted(_labels_on(item["version"], labels, table))
    _emit(args, out, items, ["version", "labels", "created_at"])
    return OK


def _labels_on(version: int, labels: dict[str, Any], table: bool) -> list[str]:
    """The labels that route to `version`. A label's canary is one of them; the table says
    so (`stable (canary 10%)`), or the canary and its base would read alike."""
    found = []
    for label, target in labels.items():
        canary = target.get("canary") or {}
        if version == target["version"]:
            found.append(label)
        elif version == canary.get("version"):
            found.append(f"{label} (canary {canary['weight'] * 100:g}%)" if table else label)
    return found


def _models_label(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        label = client.set_label(
            args.name,
            args.label,
            args.version,
            canary=args.canary,
            weight=args.weight,
            if_match=args.if_match,
        )
    _emit(args, out, label, ["model", "label", "version", "canary"])
    return OK


def _models_predict(args: argparse.Namespace, out: TextIO) -> int:
    from graphgate.client.serving import Client as Serving
    from graphgate.errors import GraphgateError

    inputs = {name: _feed_value(value) for name, value in _pairs(args.input, "--input").items()}
    if not inputs:
        raise UsageError("give at least one --input NAME=VALUE")
    with _client(args) as client:
        model = Serving(args.name, version=args.version, label=args.label, client=client)
        try:
            outputs = model.predict(inputs, request_id=args.request_id)
        except GraphgateError as exc:  # an input the declared dtype cannot take, found here
            raise UsageError(str(exc)) from None
    if _json_output(args):
        _print_json(out, {"model_version": model.last_version, "outputs": _jsonable(outputs)})
    else:
        _print_values(args, out, outputs)
    return OK


def _models_tfserving(args: argparse.Namespace, out: TextIO) -> int:
    from graphgate.client.serving import Client as Serving

    examples = _feed_value(args.examples)
    if not isinstance(examples, list):
        raise UsageError("--examples must be a JSON list of examples")
    context = _feed_value(args.context) if args.context else None
    with _client(args) as client:
        model = Serving(args.name, version=args.version, label=args.label, client=client)
        verb = model.classify if args.verb == "classify" else model.regress
        results = verb(examples, context=context, signature_name=args.signature)
    if _json_output(args):
        _print_json(out, {"model_version": model.last_version, "results": results})
    else:
        for i, result in enumerate(results):
            text = (
                result
                if args.verb == "regress"
                else ", ".join(f"{label or '-'}: {score:.6g}" for label, score in result)
            )
            out.write(f"{i}\t{text}\n")
    return OK


def _usage(args: argparse.Namespace, out: TextIO) -> int:
    with _client(args) as client:
        usage = client.usage()
    if _json_output(args):
        _print_json(out, usage)
    else:
        quota = usage.get("quota") or {}
        throttle = usage.get("throttle") or {}
        _print_record(
            out,
            {
                "plan": usage.get("plan"),
                "requests today": f"{quota.get('used')} of {quota.get('limit')}",
                "resets at": quota.get("resets_at"),
                "rate": f"{throttle.get('rate_limit')}/s, burst {throttle.get('burst_limit')}",
                **{f"cap {k}": v for k, v in (usage.get("caps") or {}).items()},
            },
        )
    return OK


def _onnx_check(args: argparse.Namespace, out: TextIO) -> int:
    from graphgate.errors import GraphgateError
    from graphgate.onnx import check_onnx

    try:
        report = check_onnx(args.file)
    except GraphgateError as exc:
        return _fail(str(exc), USAGE)
    if _json_output(args):
        _print_json(out, report.to_dict())
    else:
        ops = ", ".join(f"{k} x{v}" for k, v in sorted(report.op_types.items()))
        print(
            f"{args.file}: opset {report.opset}, {report.producer or 'unknown producer'}", file=out
        )
        print(f"{report.nodes} nodes: {ops}", file=out)
        if report.ok:
            print("supported: every node can be imported", file=out)
        else:
            print(f"unsupported: {len(report.problems)}", file=out)
            for p in report.problems:
                print(f"  {p}", file=out)
    return OK if report.ok else REJECTED


def _saved_model_show(args: argparse.Namespace, out: TextIO) -> int:
    from graphgate.errors import GraphgateError
    from graphgate.saved_model.loader import describe

    try:
        report = describe(args.dir)
    except GraphgateError as exc:
        return _fail(str(exc), USAGE)
    if _json_output(args):
        _print_json(out, report)
        return OK
    print(report["path"], file=out)
    for meta in report["meta_graphs"]:
        print(f"tags: {', '.join(meta['tags'])}", file=out)
        for key, signature in meta["signatures"].items():
            print(f"  signature {key} ({signature['method_name']})", file=out)
            for kind in ("inputs", "outputs"):
                for alias, info in signature[kind].items():
                    print(
                        f"    {kind[:-1]} {alias}: {info['name']} {info['dtype']} {info['shape']}",
                        file=out,
                    )
    return OK


def _follow(args: argparse.Namespace, out: TextIO, handle: Any, interval: float = 0.5) -> int:
    """Poll an async run with a progress bar (stderr), then print how it ended."""
    from graphgate.cli.progress import ProgressBar, latest_metrics

    bar = ProgressBar(handle.record.get("steps"))
    try:
        for record in handle.watch(interval):
            bar.update(
                record.get("completed_steps") or 0, latest_metrics(record), record.get("status", "")
            )
    finally:
        bar.close()
    outputs = handle.result()
    if isinstance(outputs, list):  # fetch names unknown here: the history's, else positions
        names = list(latest_metrics(handle.record))
        if len(names) != len(outputs):
            names = [f"output[{i}]" for i in range(len(outputs))]
        outputs = dict(zip(names, outputs, strict=True))
    if _json_output(args):
        _print_json(
            out,
            {
                "run": {k: v for k, v in handle.record.items() if k != "outputs"},
                "outputs": _jsonable(outputs),
            },
        )
    else:
        _print_values(args, out, outputs if isinstance(outputs, dict) else {"outputs": outputs})
    return OK


# -- input ----------------------------------------------------------------------------------


def _read_json(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        return json.loads(text)
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(f"{name} is not JSON: {exc}") from None


def _read_graph(name: str) -> Any:
    """A graph document file, or TensorFlow's binary GraphDef (a frozen `.pb`), read as
    `gg.GraphDef.FromString` reads one (every node it cannot map listed)."""
    from graphgate import tf_graph
    from graphgate.errors import GraphgateError
    from graphgate.meta_graph import GraphDef

    if name == "-":
        return _read_json(name)
    try:
        data = Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {name}: {exc.strerror}") from None
    if not data.strip():  # a GraphDef of no nodes, to the parser: a shell's `>` gone wrong
        raise UsageError(f"{name} is empty")
    if not tf_graph.is_binary(data):
        return _read_json(name)
    try:
        return dict(GraphDef.FromString(data))
    except GraphgateError as exc:
        raise UsageError(f"{name}: {exc.code}: {exc.message}") from None


def _read_feeds(path: str | None, pairs: list[str]) -> dict[str, Any]:
    import numpy as np

    feeds: dict[str, Any] = {}
    if path:
        if path.endswith(".npz"):
            try:
                with np.load(path, allow_pickle=False) as archive:
                    feeds.update({n: _tensor(archive[n], n) for n in archive.files})
            except OSError as exc:
                raise UsageError(f"cannot read {path}: {exc}") from None
        else:
            document = _read_json(path)
            if not isinstance(document, dict):
                raise UsageError(f"{path} must hold a JSON object of name -> value")
            feeds.update({n: _tensor(v, n) for n, v in document.items()})
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--feed takes NAME=VALUE, not {pair!r}")
        feeds[name] = _tensor(_feed_value(value), name)
    return feeds


def _feed_value(text: str) -> Any:
    import numpy as np

    if not text.startswith("@"):
        try:
            return json.loads(text)
        except ValueError:
            raise UsageError(f"feed value {text!r} is not JSON (use @file for files)") from None
    path = text[1:]
    if path.endswith(".npy"):
        try:
            return np.load(path, allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read {path}: {exc}") from None
    return _read_json(path)


def _tensor(value: Any, name: str) -> Any:
    """A wire tensor (tensor objects pass through), or a large array to upload."""
    import numpy as np

    from graphgate import serialization
    from graphgate.client.remote import INLINE_FEED_BYTES

    if isinstance(value, dict) and "datatype" in value:
        return value
    try:
        array = np.asarray(value)
        if array.dtype == np.float64 and not isinstance(value, np.ndarray):
            array = array.astype(np.float32)  # JSON numbers: TF's default float
        if array.nbytes > INLINE_FEED_BYTES:
            return array
        return serialization.encode_tensor(array, b64=True)
    except Exception as exc:
        raise UsageError(f"feed {name!r} is not a tensor: {exc}") from None


# -- output ---------------------------------------------------------------------------------


def _json_output(args: argparse.Namespace) -> bool:
    return args.output == "json"


def _decoded_outputs(fetches: list[str] | None) -> Any:
    from graphgate import serialization

    def decode(outputs: Any) -> Any:
        if isinstance(outputs, list):
            values = [None if o is None else serialization.decode_tensor(o) for o in outputs]
            return dict(zip(fetches, values, strict=False)) if fetches else values
        if isinstance(outputs, dict) and "datatype" not in outputs:
            return {k: decode(v) for k, v in outputs.items()}
        return None if outputs is None else serialization.decode_tensor(outputs)

    return decode


def _print_outputs(args: argparse.Namespace, out: TextIO, fetches: list[str], result: dict) -> None:
    values = _decoded_outputs(fetches)(result.get("outputs"))
    if _json_output(args):
        meta = {k: v for k, v in result.items() if k != "outputs"}
        _print_json(out, {**meta, "outputs": _jsonable(values)})
    else:
        _print_values(args, out, values if isinstance(values, dict) else {"outputs": values})


def _print_values(args: argparse.Namespace, out: TextIO, values: dict[str, Any]) -> None:
    import numpy as np

    if _json_output(args):
        _print_json(out, _jsonable(values))
        return
    rows = []
    for name, value in values.items():
        if value is None:
            rows.append({"name": name, "dtype": "-", "shape": "-", "value": "(ran)"})
            continue
        array = np.asarray(value)
        text = np.array2string(array, threshold=20, precision=6, separator=", ")
        rows.append(
            {
                "name": name,
                "dtype": str(array.dtype),
                "shape": list(array.shape),
                "value": " ".join(text.split()),
            }
        )
    _print_table(out, rows, ["name", "dtype", "shape", "value"])


def _jsonable(value: Any) -> Any:
    import numpy as np

    from graphgate import dtypes, serialization

    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):  # a scalar string, as TF's run returns it (np.bytes_ too)
        value = dtypes.strings(value)
    if isinstance(value, np.ndarray | np.generic):
        # A string tensor's bytes as the wire writes them: text, or {"b64": ...}; JSON
        # cannot write bytes (json.dumps raised, a traceback for an answer).
        return serialization.json_values(np.asarray(value))
    return value


def _emit(args: argparse.Namespace, out: TextIO, data: Any, columns: list[str]) -> None:
    if _json_output(args):
        _print_json(out, data)
    elif isinstance(data, list):
        _print_table(out, data, columns)
    else:
        _print_record(out, {k: data.get(k) for k in columns})


def _print_json(out: TextIO, data: Any) -> None:
    out.write(json.dumps(data, indent=2, sort_keys=False) + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ",".join(str(v) for v in value) or "-"
    if isinstance(value, dict):
        # A label's canary, a batch's shard counts: `version=2 weight=0.1`, not a
        # Python dict's repr (`-o json` has the structure).
        return " ".join(f"{k}={_cell(v)}" for k, v in value.items()) or "-"
    return str(value)


def _print_table(out: TextIO, rows: list[dict[str, Any]], columns: list[str]) -> None:
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c.upper())] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print(
        "  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip(),
        file=out,
    )
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip(), file=out)


def _print_record(out: TextIO, record: dict[str, Any]) -> None:
    width = max((len(k) for k in record), default=0)
    for key, value in record.items():
        print(f"{key.ljust(width)}  {_cell(value)}", file=out)


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        return ""
