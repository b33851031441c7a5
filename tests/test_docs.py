"""Docs that match the code: every effect, parameter and CLI option documented, examples true."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vivify.cli import help_pages, main
from vivify.effects import registry
from vivify.plan import parse_plan

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


@pytest.mark.parametrize("name", sorted(registry()))
def test_every_effect_and_parameter_is_documented(name: str) -> None:
    text = (DOCS / "effects.md").read_text()
    cls = registry()[name]
    heading = f"## {name} ({cls.version}, {cls.stage.value})"
    assert heading in text, f"docs/effects.md lacks '{heading}'"
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    for pname, doc in cls.parameter_docs().items():
        row = re.search(rf"^\| `{pname}` \| ([^|]+) \|", section, re.MULTILINE)
        assert row, f"{name}.{pname} is not documented"
        assert float(row.group(1)) == doc["default"], f"{name}.{pname}: documented default differs"


def test_cli_reference_is_current() -> None:
    text = (DOCS / "cli.md").read_text()
    for name, page in help_pages().items():
        assert f"```text\n{page.rstrip()}\n```" in text, f"docs/cli.md is stale for `{name}`"


def test_readme_commands_exist() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "scripts/install && .venv/bin/vivify animate examples/china.jpg" in readme
    assert "$ scripts/test\n" in readme
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("scripts/test")
    for command in main.commands:
        assert f"vivify {command}" in readme or command == "effects"


def test_plan_doc_example_is_what_vivify_prints() -> None:
    text = (DOCS / "plan.md").read_text()
    shown = json.loads(text.split("$ cat plan.json\n", 1)[1].split("```", 1)[0])
    result = CliRunner().invoke(
        main, ["plan", "make it a windy day", "--photo", str(ROOT / "examples/china.jpg"), "--json"]
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout) == shown
    edit = text.split("drop the clouds, add a slow zoom:\n\n```json\n", 1)[1].split("```", 1)[0]
    edited = parse_plan(json.dumps({**shown, **json.loads("{" + edit + "}")}))
    assert [e.name for e in edited.effects] == ["wind", "zoom_in"]


def test_every_plan_field_is_documented() -> None:
    from vivify.plan import Plan

    text = (DOCS / "plan.md").read_text()
    for field in Plan.model_fields:
        assert f"`{field}`" in text, f"plan field {field} is not in docs/plan.md"


def test_plan_schema_file_is_current() -> None:
    from vivify.plan import Plan

    shown = json.loads((DOCS / "plan.schema.json").read_text())
    assert shown == Plan.model_json_schema(), "docs/plan.schema.json is stale: run scripts/docs"


def test_readme_prompt_example_is_what_vivify_prints() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split('```console\n$ vivify plan "sin lluvia', 1)[1].split("```", 1)[0]
    command, *expected = block.splitlines()
    prompt = command.split('"', 1)[0]
    result = CliRunner().invoke(
        main, ["plan", "sin lluvia" + prompt, "--photo", str(ROOT / "examples/china.jpg")]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == expected


def test_readme_plan_example_is_valid_and_editable() -> None:
    readme = (ROOT / "README.md").read_text()
    shown = json.loads(readme.split("--json > plan.json\n```\n\n```json\n", 1)[1].split("```")[0])
    assert parse_plan(json.dumps(shown)).effects[1].name == "wind"
    edit = readme.split("replace `effects` with\n`", 1)[1].split("`", 1)[0]
    edited = parse_plan(json.dumps({**shown, "effects": json.loads(edit)}))
    assert [e.name for e in edited.effects] == ["wind", "zoom_in"]


def test_policy_keys_and_decision_fields_are_documented() -> None:
    import tomllib

    from vivify.moderation.decision import Decision, Evidence

    text = (DOCS / "moderation.md").read_text()
    policy = tomllib.loads((ROOT / "src/vivify/moderation/policy.toml").read_text())

    def keys(table: dict[str, object]) -> list[str]:
        out = []
        for key, value in table.items():
            out.append(key)
            if isinstance(value, dict):
                out.extend(keys(value))
        return out

    for key in keys(policy):  # as `key`, or dotted under its table (`photo.block_classes`)
        assert re.search(rf"[`.\[]{key}[`\]]", text), f"policy key {key} is not documented"
    for field in [*Decision.model_fields, *Evidence.model_fields]:
        assert f"`{field}`" in text, f"decision field {field} is not in docs/moderation.md"
