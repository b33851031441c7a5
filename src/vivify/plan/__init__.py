"""Plans: the versioned contract between a prompt and the engine."""

from vivify.plan.planner import PlanOptions, plan_from_prompt
from vivify.plan.schema import PLAN_VERSION, EffectSpec, Plan, parse_plan, plan_from_dict

__all__ = [
    "PLAN_VERSION",
    "EffectSpec",
    "Plan",
    "PlanOptions",
    "parse_plan",
    "plan_from_dict",
    "plan_from_prompt",
]
