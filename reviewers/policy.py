"""The assignment policy (weights, expertise vocabulary, age bands) as data: reviewers/data/policy.yaml."""

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

POLICY_FILE = Path(__file__).resolve().parent / "data" / "policy.yaml"


class AgeBand(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    tag: str
    min_age: int
    max_age: int


class Weights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    expertise: float
    language: float
    load: float
    history: float
    reciprocity: float


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    expertise: dict[str, str]
    age_bands: list[AgeBand]
    weights: Weights
    near_equal: float = Field(ge=0)
    batch_top_k: int = Field(ge=1)
    reciprocity_days: int = Field(ge=1)  # the period over which regions' shares of requests and reviews are compared
    history_days: int = Field(ge=1)  # the period whose seats count towards a reviewer's recent load ('history')

    def age_tag(self, age: int) -> str | None:
        return next((b.tag for b in self.age_bands if b.min_age <= age <= b.max_age), None)


@lru_cache
def get_policy(path: Path = POLICY_FILE) -> Policy:
    return Policy.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
