"""Engines in the service: a diffusion job is accepted only where the server has the model's
weights, goes to the GPU queue, and renders through the same job flow (tiny random model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.service.conftest import World, make_world
from vivify.service.core import engine_of
from vivify.service.queue import queue_for


def test_a_diffusion_job_needs_a_server_with_weights_and_an_engine_it_knows(
    world: World,
) -> None:
    ann = world.sign_up("ann")
    refused = world.draft(ann, engine="diffusion")
    assert refused.status_code == 422
    assert "does not make clips with the diffusion engine" in refused.json()["detail"]
    unknown = world.draft(ann, engine="warp")
    assert unknown.status_code == 422 and "Unknown engine 'warp'" in unknown.json()["detail"]
    plan = '{"engine": "diffusion", "effects": [{"name": "wind"}]}'
    by_plan = world.draft(ann, prompt="", plan=plan)
    assert by_plan.status_code == 422 and "diffusion" in by_plan.json()["detail"]
    assert world.service.rows.drafts_of(world.service.rows.account_by_name("ann").id) == []  # type: ignore[union-attr]


def test_the_engine_picks_the_queue() -> None:
    assert queue_for(engine_of({})) == "cpu"
    assert queue_for(engine_of({"engine": "diffusion"})) == "gpu"
    assert queue_for(engine_of({"plan": {"engine": "diffusion"}})) == "gpu"
    assert queue_for(engine_of({"engine": "motion", "plan": {"engine": "diffusion"}})) == "cpu"


@pytest.mark.diffusion
def test_a_server_with_weights_renders_a_diffusion_job(tmp_path: Path) -> None:
    pytest.importorskip("torch", reason="the diffusion extra")
    from tests.engines.tiny_diffusion import save_ltx
    from vivify.engines.diffusion import DiffusionConfig

    weights = save_ltx(tmp_path / "tiny-ltx")
    world = make_world(
        tmp_path / "service", diffusion=DiffusionConfig(weights, area=64 * 112, threads=1)
    )
    ann = world.sign_up("ann")
    made = world.draft(ann, engine="diffusion")
    assert made.status_code == 202, made.text
    world.render()
    state = ann.get(f"/api/drafts/{made.json()['id']}").json()
    assert state["status"] == "done", state
    assert state["clip"]["engine"] == "diffusion"
    assert state["clip"]["plan"]["model_prompt"]["written_by"] == "vivify"
    assert state["clip"]["diffusion"]["model_info"]["version"] == "tiny-ltx"
    story = ann.post(f"/api/drafts/{made.json()['id']}/publish")
    assert story.status_code == 201, story.text
    assert story.json()["provenance"]["c2pa"]["state"] == "Trusted"
    world.service.close()
