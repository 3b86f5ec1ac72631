"""Run the local runner as a child process, the way a developer does, and
drive its admin command: used by `make demo` and the end-to-end tests."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import graphgate_admin.__main__ as graphgate_admin

from . import usage

STARTUP_TIMEOUT_S = 60.0


class RunnerProcess:
    """`python -m localrunner` on a free port with its own data directory."""

    def __init__(
        self,
        workdir: Path,
        parameters: dict[str, str] | None = None,
        log: IO[str] | None = None,
        env: dict[str, str] | None = None,
        function_timeouts: dict[str, float] | None = None,
        persist: bool = True,
        port: int = 0,
        key_miss_refresh_s: float = usage.MISS_REFRESH_S,
        ttl_sweep_s: float = 0.0,
    ):
        self.workdir = Path(workdir)
        # 0 is a free port; a test restarting the runner under a waiting client sets the
        # port it had, as `make serve` comes back on 3000
        self.port = port
        self.parameters = parameters or {}
        self.function_timeouts = function_timeouts or {}
        self.env = env or {}
        # Without persistence the runner takes no snapshots: each holds the emulator's
        # lock while it scans every table, and the last one, at stop, of a table a test
        # session has filled took 28 s (measured in a fresh clone's `make test`).
        self.persist = persist
        # How long a new key may be refused (`--key-miss-refresh`): create_tenant waits it.
        self.key_miss_refresh_s = key_miss_refresh_s
        # The TTL's sweep (`--ttl-sweep`), off by default: a test that expires something
        # says so, and a sweep scans the table under the emulator's lock.
        self.ttl_sweep_s = ttl_sweep_s
        self.state_file = self.workdir / "runner.json"
        self.log = log
        self._process: subprocess.Popen[str] | None = None
        self.state: dict[str, Any] = {}
        self._admin_target: dict[str, Any] | None = None

    @property
    def url(self) -> str:
        return self.state["url"]

    @property
    def pid(self) -> int | None:
        """The runner's process id while it runs (tests read its memory in /proc)."""
        return None if self._process is None else self._process.pid

    def start(self) -> "RunnerProcess":
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.state_file.unlink(missing_ok=True)
        command = [
            sys.executable,
            "-m",
            "localrunner",
            "--port",
            str(self.port),
            *(["--data-dir", str(self.workdir / "data")] if self.persist else ["--ephemeral"]),
            "--state-file",
            str(self.state_file),
            "--key-miss-refresh",
            str(self.key_miss_refresh_s),
            "--ttl-sweep",
            str(self.ttl_sweep_s),
        ]
        for name, value in self.parameters.items():
            command += ["--param", f"{name}={value}"]
        for name, seconds in self.function_timeouts.items():
            command += ["--function-timeout", f"{name}={seconds}"]
        self._process = subprocess.Popen(
            command,
            stdout=self.log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not self.state_file.exists():
            if self._process.poll() is not None:
                raise RuntimeError(f"local runner exited with {self._process.returncode}")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("local runner did not start in time")
            time.sleep(0.05)
        self.state = json.loads(self.state_file.read_text(encoding="utf-8"))
        self._admin_target = None  # a restarted runner listens on a new port
        return self

    def stop(self, timeout_s: float = 30.0) -> int:
        """SIGTERM, as a supervisor would: the runner snapshots its data and exits."""
        if self._process is None:
            return 0
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        code = self._process.returncode
        self._process = None
        return code

    def admin(self, *args: str) -> dict[str, Any]:
        """Run graphgate-admin against this runner; returns its JSON output."""
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "graphgate_admin",
                "--local-state",
                str(self.state_file),
                *args,
                "--output",
                "json",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return json.loads(result.stdout)

    def create_tenant(self, name: str, plan: str = "free") -> dict[str, Any]:
        """`graphgate-admin create-tenant`'s JSON, made in this process: the end-to-end
        tests make hundreds of tenants, and a new interpreter for each cost a third of a
        second (an eighth of the suite's time)."""
        if self._admin_target is None:
            self._admin_target = graphgate_admin.local_target(self.state_file)
        tenant = graphgate_admin.new_tenant(self._admin_target, name, plan)
        # The gateway reloads keys on a miss at most this often: a key used at once could
        # be refused (the interpreter of `graphgate-admin` took longer than this).
        time.sleep(self.key_miss_refresh_s)
        return tenant

    def __enter__(self) -> "RunnerProcess":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
