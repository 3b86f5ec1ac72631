"""An operator's reading of docs/operations.md, held to what it describes: every alarm
the template declares has a runbook that names it, the stages are samconfig.toml's, the
functions' memory is the template's, and each cost figure follows from the page's own
method (its prices, latencies and measured times), recomputed here."""

import re
import tomllib
from typing import Any

import pytest

from graphgate_service.jobs import CHECKPOINT_STEPS
from localrunner.cfn import load_yaml
from tests.support import REPO_ROOT

PAGE = (REPO_ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
MILLION = 1_000_000


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_yaml(REPO_ROOT / "template.yaml")


def _section(anchor: str) -> str:
    """The text under the heading whose GitHub anchor is `anchor`, to the next heading."""
    headings = list(re.finditer(r"^(#+) (.+)$", PAGE, flags=re.MULTILINE))
    for i, heading in enumerate(headings):
        slug = re.sub(r"[^\w\- ]", "", heading.group(2).lower()).replace(" ", "-")
        if slug == anchor:
            end = headings[i + 1].start() if i + 1 < len(headings) else len(PAGE)
            return PAGE[heading.end() : end]
    raise AssertionError(f"operations.md has no section #{anchor}")


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("$", ""))


def test_every_alarm_has_a_runbook_that_names_it(template):
    alarms = {
        name: resource["Properties"]
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::CloudWatch::Alarm"
    }
    for name, alarm in alarms.items():
        suffix = alarm["AlarmName"]["Fn::Sub"].removeprefix("graphgate-${Stage}-")
        (anchor,) = re.findall(r"docs/operations\.md#([\w-]+)", alarm["AlarmDescription"])
        named = f"graphgate-<stage>-{suffix}"
        if suffix.endswith("-throttles") and suffix != "table-throttles":
            named = "graphgate-<stage>-<function>-throttles"  # one runbook for every function
        # an operator paged by the alarm lands on a section that says what it is
        assert f"`{named}`" in _section(anchor), f"{name}: #{anchor} does not name {named}"


def test_the_stages_are_samconfigs_with_the_retention_the_logs_table_gives():
    stages = tomllib.loads((REPO_ROOT / "samconfig.toml").read_text(encoding="utf-8"))
    retention = re.search(r"`LogRetentionDays` \((\d+) days staging, (\d+) prod\)", PAGE)
    for stage, days in (("staging", retention.group(1)), ("prod", retention.group(2))):
        deploy = stages[stage]["deploy"]["parameters"]
        assert deploy["stack_name"] == f"graphgate-{stage}"
        assert deploy["region"] == "eu-west-1" and "(`eu-west-1` in\n`samconfig.toml`)" in PAGE
        assert f"LogRetentionDays={days} " in deploy["parameter_overrides"]


def _memory(template: dict[str, Any]) -> dict[str, int]:
    default = template["Globals"]["Function"].get("MemorySize", 128)
    return {
        name: resource["Properties"].get("MemorySize", default)
        for name, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }


def test_the_memory_the_cost_tables_quote_is_the_templates(template):
    memory = _memory(template)
    per_route = re.findall(r"^\| `[A-Z]+ /v1\S*`[^|]*\| (\w+), (\d+) MB \|", PAGE, re.MULTILINE)
    assert len(per_route) >= 10
    for family, megabytes in per_route:
        assert memory[f"{family}Function"] == int(megabytes), family
    cold = re.findall(r"^\| (\w+Function) \| (\d+) MB \|", PAGE, re.MULTILINE)
    assert {name for name, _ in cold} == set(memory)  # "each handler"
    for name, megabytes in cold:
        assert memory[name] == int(megabytes), name


class Prices:
    """The list prices and latencies the page says it assumes, read from its text."""

    def __init__(self) -> None:
        def price(pattern: str) -> float:
            return _number(re.search(pattern, PAGE).group(1))

        self.gb_second = price(r"Lambda arm64 \$([\d.]+) per GB-second")
        self.invocation = price(r"and \$([\d.]+) per million requests;") / MILLION
        self.api_request = price(r"REST \$([\d.]+) per million requests") / MILLION
        self.wru = price(r"\$([\d.]+) per million write\s+request\s+units") / MILLION
        self.rru = price(r"\$([\d.]+) per million read request units") / MILLION
        self.s3_put = price(r"S3 \$([\d.]+)\s+per 1,000 PUTs") / 1000
        self.s3_get = price(r"\$([\d.]+) per 1,000 GETs") / 1000
        self.item_ms = price(r"~(\d+) ms per\s+single-item DynamoDB call")
        self.transaction_ms = price(r"~(\d+) ms per `TransactWriteItems`")
        self.s3_ms = price(r"~(\d+) ms per S3 put or get")


def _rows(title: str) -> dict[str, tuple[str, float]]:
    """A workload's `| item | quantity | cost |` table: item -> (quantity, dollars)."""
    start = PAGE.index(title)
    table = PAGE[PAGE.index("| item |", start) :].split("\n\n", 1)[0]
    rows = {}
    for line in table.splitlines()[2:]:
        item, quantity, cost = (cell.strip(" *") for cell in line.strip("|").split("|"))
        rows[item] = (quantity, _number(re.search(r"\$([\d.]+)", cost).group(1)))
    return rows


def _route(name: str) -> tuple[float, int, int]:
    """A per-route row: own time p50 (ms), memory (GB, as Lambda bills it), AWS calls."""
    row = next(line for line in PAGE.splitlines() if line.startswith(f"| {name} |"))
    _, function, times, calls = (cell.strip() for cell in row.strip("|").split("|"))
    megabytes = int(re.search(r"(\d+) MB", function).group(1))
    return _number(times.split("/")[0]), megabytes // 1024, sum(map(int, re.findall(r"\d+", calls)))


@pytest.mark.parametrize(
    ("title", "route", "rounded_ms"),
    [
        ("**1M one-shot tutorial runs**", "`POST /v1/graphs/{id}/runs`, tutorial", 10),
        ("**1M MLP inferences**", "`POST /v1/graphs/{id}/runs`, MLP, 1 image", 12.5),
    ],
)
def test_a_million_requests_cost_what_the_page_multiplies_out(title, route, rounded_ms):
    prices = Prices()
    own_ms, gigabytes, calls = _route(route)
    # "~10 ms billed (1.7 ms own + 2 calls × 4 ms)": the page rounds, to half a ms
    billed_ms = own_ms + calls * prices.item_ms
    assert billed_ms == pytest.approx(rounded_ms, abs=0.5)
    assert f"~{rounded_ms:g} ms" in PAGE[PAGE.index(title) :][:200]
    duration = rounded_ms / 1000 * gigabytes * MILLION * prices.gb_second
    expected = {
        "API Gateway": MILLION * prices.api_request,
        "Lambda requests": MILLION * prices.invocation,
        "Lambda duration": duration,
        "DynamoDB reads (META, strongly consistent)": MILLION * prices.rru,
        "DynamoDB writes (usage counter)": MILLION * prices.wru,
    }
    total = sum(expected.values())
    if "tutorial" in route:  # the first table is written out; the second in its prose
        rows = _rows(title)
        for item, dollars in expected.items():
            assert rows[item][1] == pytest.approx(dollars, abs=0.0051), item  # to the cent
        assert rows["total"][1] == pytest.approx(total, abs=0.05)
    else:
        assert f"${duration:.2f} of duration" in PAGE
        assert f"**≈ ${round(total, 1):.2f}**" in PAGE
    # "API Gateway is three quarters of either bill"
    assert 0.7 < expected["API Gateway"] / total < 0.8


def test_a_ten_thousand_step_run_costs_what_the_page_multiplies_out():
    prices = Prices()
    title = "**One 10,000-step training run**"
    prose = PAGE[PAGE.index(title) : PAGE.index("| item |", PAGE.index(title))]
    step_ms = _number(re.search(r"([\d.]+) ms own time a step", prose).group(1))
    steps = 10_000
    checkpoints = steps // CHECKPOINT_STEPS  # the worker's chunk, one checkpoint each
    assert f"{checkpoints} checkpoints (one per {CHECKPOINT_STEPS} steps)" in prose
    # each: 2 GetItem + an S3 get and put + a 4-item TransactWriteItems
    wait_ms = 2 * prices.item_ms + 2 * prices.s3_ms + prices.transaction_ms
    assert f"≈ {wait_ms:g} ms of waiting" in prose
    own_s, wait_s = steps * step_ms / 1000, checkpoints * wait_ms / 1000
    assert f"= {own_s:g} s" in prose and f"= {round(wait_s):g} s" in prose
    rows = _rows(title)
    seconds = round(own_s + wait_s)
    assert rows["Lambda duration"][0].startswith(f"~{seconds} s × 2 GB = {seconds * 2} GB-s")
    expected = {
        "Lambda duration": seconds * 2 * prices.gb_second,
        # two reads a checkpoint; a transaction's four items, each written twice over
        "DynamoDB": 2 * checkpoints * prices.rru + 4 * 2 * checkpoints * prices.wru,
        "S3": checkpoints * (prices.s3_put + prices.s3_get),
    }
    assert rows["DynamoDB"][0] == f"{2 * checkpoints} RRU + {8 * checkpoints:,} WRU " + (
        f"({checkpoints} transactions of 4 items)"
    )
    for item, dollars in expected.items():
        assert rows[item][1] == pytest.approx(dollars, abs=0.00005), item
    total = sum(expected.values())
    assert rows["total"][1] == pytest.approx(total, abs=0.00005)
    # "Checkpoints are nearly all of it (≈ $0.0050 ...)": their requests and waiting
    checkpointing = expected["DynamoDB"] + expected["S3"] + wait_s * 2 * prices.gb_second
    assert f"(≈ ${checkpointing:.4f}:" in PAGE


def test_every_stack_output_an_operator_is_told_to_read_is_declared(template):
    # GIVEN the outputs the docs, the pipeline and graphgate-admin read after a deploy
    from graphgate_admin.__main__ import STACK_OUTPUTS

    docs = "".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "docs").glob("*.md"))
    stage_sh = (REPO_ROOT / ".github" / "workflows" / "stage.sh").read_text(encoding="utf-8")
    told = set(re.findall(r"stack's `(\w+)` output", docs)) | set(
        re.findall(r"OutputKey=='(\w+)'", stage_sh)
    )
    assert {"ApiUrl", "WorkerDeadLetterQueueUrl", "ConsoleUrl"} <= told
    # THEN the template declares each of them
    assert told | set(STACK_OUTPUTS) <= set(template["Outputs"])


def test_the_fixed_monthly_costs_follow_from_the_template_and_the_api(template):
    section = _section("what-the-per-request-figures-leave-out")
    price = {
        name: _number(re.search(pattern, section).group(1))
        for name, pattern in {
            "metric": r"\$([\d.]+) per custom\s+metric a month",
            "alarm": r"\$([\d.]+) per metric an alarm reads a month",
            "secret": r"\$([\d.]+) per secret a month",
            "log_gb": r"\$([\d.]+)\s+per GB of logs ingested",
        }.items()
    }
    # GIVEN the routes api/openapi.yaml declares and the metrics each one publishes
    api = load_yaml(REPO_ROOT / "api" / "openapi.yaml")
    verbs = {"get", "put", "post", "patch", "delete"}
    routes = sum(1 for item in api["paths"].values() for verb in item if verb in verbs)
    assert f"× {routes} routes" in section
    metrics_source = (REPO_ROOT / "layers/service/graphgate_service/metrics.py").read_text(
        encoding="utf-8"
    )
    published = re.findall(r'add_metric\("(\w+)"', metrics_source)
    assert f"{len(published)} a route (" in section
    assert f"up to ${len(published) * routes * price['metric']:.2f} a month" in section
    # the alarms and the metrics they read
    resources = template["Resources"].values()
    alarms = [r["Properties"] for r in resources if r["Type"] == "AWS::CloudWatch::Alarm"]
    read = sum(
        sum("MetricStat" in m for m in a["Metrics"]) if "Metrics" in a else 1 for a in alarms
    )
    assert f"{read} metrics read by the stage's {len(alarms)} alarms" in section
    assert f"${read * price['alarm']:.2f} a month" in section
    secrets = [r for r in resources if r["Type"] == "AWS::SecretsManager::Secret"]
    assert f"| secrets | {len(secrets)} (" in section
    assert f"${len(secrets) * price['secret']:.2f} a month" in section
    # logs: the parts add up, and a million requests of them cost what the row says
    parts = [float(x) for x in re.findall(r"\(~([\d.]+) KB", section)]
    assert sum(parts) == pytest.approx(1.5) and "~1.5 KB a request" in section
    assert f"~${1.5e6 / 1e6 * price['log_gb']:.2f} a million requests" in section
    # both stages, every route every hour
    both = 2 * (len(published) * routes * price["metric"] + read * price["alarm"])
    both += 2 * len(secrets) * price["secret"]
    assert f"~${round(both, -1):.0f} a month" in section
    # X-Ray's reservoir: one trace a second of a 30-day month, past the free 100,000
    seconds = 30 * 86_400
    assert f"{seconds:,} traces" in section
    assert f"~${(seconds - 100_000) * 5.00 / 1e6:.2f} at $5.00 per million" in section
