"""The local runner assembled: embedded AWS, provisioned from template.yaml,
the template's functions, the gateway and the HTTP server."""

import gc
import importlib
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphgate_service import aws as service_aws
from graphgate_service import jobs, openapi
from graphgate_service.logs import logger
from localrunner import authorizers, emulator, files, functions, stepfunctions, streams
from localrunner.cfn import Template
from localrunner.gateway import Gateway, build_routes
from localrunner.invoker import AsyncInvoker
from localrunner.server import Server
from localrunner.usage import MISS_REFRESH_S, KeyStore, get_usage_responder

REPO_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_INTERVAL_S = 30.0
# How long a stop waits for requests being answered, then for worker invocations
# running, before its final snapshot (each; RunnerProcess.stop allows 30 s in all).
STOP_DRAIN_S = 10.0


@dataclass
class RunnerConfig:
    host: str = "127.0.0.1"
    port: int = 3000
    data_dir: Path | None = REPO_ROOT / ".local" / "data"
    parameters: dict[str, str] = field(default_factory=dict)
    # Logical id -> seconds, replacing a function's Timeout (tests of timeouts).
    function_timeouts: dict[str, float] = field(default_factory=dict)
    # False: use whatever boto3 is configured for (AWS_ENDPOINT_URL[_<SERVICE>]
    # for DynamoDB Local or LocalStack, or real AWS) instead of embedded moto.
    embedded_aws: bool = True
    state_file: Path | None = REPO_ROOT / ".local" / "runner.json"
    # The runner is the process (`python -m localrunner`), not a guest in a test's or a
    # benchmark's: settings of the whole process, such as the garbage collector's, apply.
    owns_process: bool = False
    # At most how often an unknown API key reloads the keys: how long a new key can be
    # refused. The end-to-end tests make a tenant per test and wait this long for each.
    key_miss_refresh_s: float = MISS_REFRESH_S
    # How often DynamoDB's TTL is emulated (localrunner/streams.py): expired items deleted,
    # their stream records handed to the functions that read the stream. None: only when
    # `sweep_ttl` is called (the tests that expire something on purpose).
    ttl_sweep_s: float | None = None


# What every function's first request would otherwise build: on Lambda one container
# per concurrent request pays it once, here the first burst of requests would pay
# it together, each thread waiting on the others.
WARM_CLIENTS = ("dynamodb", "s3", "lambda", "secretsmanager", "apigateway", "stepfunctions")
# The engine, which the service imports on a request's first use of it. Importing it
# holds the GIL for ~0.2 s of CPU (more where no bytecode is cached): the load test's
# first graph writes and runs, and every request beside them, waited for it (py-spy).
WARM_MODULES = ("graphgate",)


def _warm() -> None:
    for service in WARM_CLIENTS:
        service_aws.client(service)
    for module in WARM_MODULES:
        importlib.import_module(module)
    openapi.spec()


def _keep_what_start_made() -> None:
    """Leave what start made (the modules, botocore's models, moto's backends, the engine:
    ~500,000 objects) out of every later garbage collection. A full collection walked
    them all, ~250 ms with the GIL held, every few thousand requests: a pause for every
    request in flight (the load test's p99). They live as long as the process anyway."""
    gc.collect()
    gc.freeze()


class LocalRunner:
    def __init__(self, config: RunnerConfig):
        self.config = config
        self.template = Template.load(
            REPO_ROOT / "template.yaml", {"Stage": "local", **config.parameters}
        )
        self._aws: emulator.EmbeddedAws | None = None
        self._stop = threading.Event()
        self._snapshotter: threading.Thread | None = None
        self.ttl: streams.TtlSweeper | None = None
        self.server: Server | None = None
        self.invoker: AsyncInvoker | None = None
        self.lambda_invokes: stepfunctions.LambdaInvokes | None = None
        self._serving = False
        self.clients: dict[str, Any] = {}
        # S3 objects as last snapshotted, so an unchanged one is not read again.
        self._objects_seen: dict[tuple[str, str], tuple[str, str]] = {}

    @property
    def aws_endpoint(self) -> str | None:
        return self._aws.endpoint if self._aws else os.environ.get("AWS_ENDPOINT_URL")

    def start(self) -> "LocalRunner":
        if self.config.embedded_aws:
            os.environ.update(emulator.LOCAL_CREDENTIALS)
            self._aws = emulator.EmbeddedAws()
            self._aws.start()
            os.environ["AWS_ENDPOINT_URL"] = self._aws.endpoint
        service_aws.reset()
        self.clients = emulator.clients(self.aws_endpoint)
        ids = emulator.provision(self.template, self.clients)
        if self._aws and self.config.data_dir:
            restored = emulator.restore(self.clients, self.template, self.config.data_dir)
            logger.info(
                "local state", extra={"restored": restored, "data_dir": str(self.config.data_dir)}
            )
        # The functions' own parse (the package's openapi.yaml links to api/'s), with
        # libyaml: parsing it again in pure Python cost 0.8 s of every start.
        spec = openapi.spec()
        api = self.template.resource("Api")["Properties"]
        stage = self.template.parameters["Stage"]
        stepfunctions.name_state_machines(self.template)  # their ARNs are functions' environment
        loaded = functions.load(self.template, self.config.function_timeouts)
        if self._aws:
            # The template's own ASL, run by moto; its Lambda tasks reach these functions.
            self.lambda_invokes = stepfunctions.LambdaInvokes(loaded)
            self._aws.overrides.append(self.lambda_invokes)
            stepfunctions.create_state_machines(self.template, self.clients["stepfunctions"])
        refresh_s = self.config.key_miss_refresh_s
        keys = KeyStore(
            self.clients["apigateway"],
            ids["Api"],
            stage,
            miss_refresh_s=refresh_s,
            listing=self._aws.key_listing if self._aws else None,
        )
        gateway = Gateway(
            spec=spec,
            routes=build_routes(spec, loaded),
            keys=keys,
            stage=stage,
            api_id=ids["Api"],
            minimum_compression_size=api.get("MinimumCompressionSize"),
            binary_media_types=tuple(t.replace("~1", "/") for t in api.get("BinaryMediaTypes", [])),
            authorizers=authorizers.build(spec, loaded, ids["Api"], stage),
        )
        if self._aws:
            self._aws.overrides.append(get_usage_responder(gateway.meter, keys))
        self._start_worker(loaded)
        self.ttl = streams.TtlSweeper(
            self.clients["dynamodb"],
            self.template.physical_ids["Table"],
            streams.mappings(self.template, loaded),
        )
        self._resume_interrupted(loaded)
        _warm()
        if self.config.owns_process:
            _keep_what_start_made()
        self.server = Server((self.config.host, self.config.port), gateway)
        if self._aws and self.config.data_dir:
            self._snapshotter = threading.Thread(target=self._snapshot_periodically, daemon=True)
            self._snapshotter.start()
        if self.config.ttl_sweep_s and self._aws:  # real AWS (or another emulator) has its own
            threading.Thread(target=self._sweep_ttl_periodically, daemon=True).start()
        self._write_state_file()
        logger.info(
            "local runner listening",
            extra={"url": self.server.url, "stage": stage, "console": f"{self.server.url}/console"},
        )
        return self

    def serve_forever(self) -> None:
        assert self.server is not None
        self._serving = True
        self.server.serve_forever(poll_interval=0.2)

    def _resume_interrupted(self, loaded: dict[str, Any]) -> None:
        """Step Functions executions and queued worker invocations live in this process's
        memory: batches and async runs in flight when the runner stopped are started again
        (batches.resume_interrupted, jobs.resume_interrupted), as on AWS they would have
        gone on."""
        if not (self._aws and self.config.data_dir):
            return  # an ephemeral runner restored nothing
        for function in ("BatchWorkerFunction", "WorkerFunction"):
            if function in loaded:
                answer = loaded[function].invoke({"action": "resume_interrupted"})
                if answer.get("resumed"):
                    logger.info("resumed after a restart", extra={"function": function, **answer})

    def _start_worker(self, loaded: dict[str, Any]) -> None:
        """Asynchronous runs: the worker function, invoked on threads as Lambda would."""
        if "WorkerFunction" not in loaded:
            return
        concurrency = int(self.template.parameters.get("WorkerReservedConcurrency", "4"))
        self.invoker = AsyncInvoker(loaded["WorkerFunction"], min(concurrency, 4))
        jobs.set_dispatcher(self.invoker)

    def stop(self) -> None:
        """Stop serving, persist state, stop the embedded AWS. Safe to call twice."""
        self._stop.set()
        if self.server:
            # Nothing answered after the final snapshot: a client must never have been
            # told what the restart undoes.
            self.server.drain(STOP_DRAIN_S)
            if self._serving:  # shutdown() waits for serve_forever, so only if it ran
                self.server.shutdown()
            self.server.server_close()
            self.server = None
        if self.invoker:
            self.invoker.shutdown(STOP_DRAIN_S)
            self.invoker = None
        if self._aws:
            if self.config.data_dir:
                self.snapshot()
            self._aws.stop()
            self._aws = None
        if self.config.state_file and self.config.state_file.exists():
            self.config.state_file.unlink()

    def snapshot(self) -> None:
        if self._aws and self.config.data_dir:
            emulator.snapshot(self.clients, self.template, self.config.data_dir, self._objects_seen)

    def _snapshot_periodically(self) -> None:
        while not self._stop.wait(SNAPSHOT_INTERVAL_S):
            try:
                self.snapshot()
            except Exception:
                logger.exception("periodic snapshot failed")

    def sweep_ttl(self, now: float | None = None) -> int:
        """What DynamoDB's TTL does in the background, at once (by `now`): how many
        expired items it deleted."""
        assert self.ttl is not None
        return self.ttl.sweep(now)

    def _sweep_ttl_periodically(self) -> None:
        assert self.config.ttl_sweep_s
        while not self._stop.wait(self.config.ttl_sweep_s):
            try:
                self.sweep_ttl()
            except Exception:
                logger.exception("TTL sweep failed")

    def _write_state_file(self) -> None:
        """Where the admin command finds this runner's AWS endpoint and resources."""
        if not self.config.state_file:
            return
        assert self.server is not None
        ids = self.template.physical_ids
        state = {
            "pid": os.getpid(),
            "url": self.server.url,
            "aws_endpoint": self.aws_endpoint,
            "stage": self.template.parameters["Stage"],
            "table": ids["Table"],
            "usage_plans": {k: v for k, v in ids.items() if k.endswith("UsagePlan")},
        }
        files.write_json(self.config.state_file, state)
