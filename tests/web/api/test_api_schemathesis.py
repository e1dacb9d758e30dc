"""Schemathesis against the API in-process (WSGI): every answer is what /api/schema/ says, never a server error.

Every operation of /api/schema/ is called as the province admin with cases generated from the schema: fuzzed
(positive and negative), schemathesis's coverage cases (each boundary, missing and wrongly typed parameter,
other content types and methods), and cases anchored on real data (a stored value's id, a framework and unit
with values) so that updates, checks and evaluations run for real rather than stopping at a 400 or a 404.
Each answer must be no server error, have a documented status and content type, match the documented schema,
refuse invalid data, answer 405 to an undocumented method and enforce its authentication. Hypothesis is
derandomized and bounded, so the run is the same every time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from chiso.store import models, services
from chiso.web.api.pages import ORDER, Position, key_of

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection, unsupported_method, missing_required_header, ignored_auth]

MAX_EXAMPLES = 20
OPERATIONS = {"POST /api/token/", "GET /api/frameworks/", "GET /api/frameworks/{code}/",
              "GET /api/frameworks/{code}/indicators/", "GET /api/org-units/", "GET /api/values/",
              "POST /api/values/", "GET /api/values/{id}/", "PUT /api/values/{id}/", "PATCH /api/values/{id}/",
              "GET /api/figures/", "GET /api/findings/", "GET /api/evaluations/", "GET /api/reports/",
              "GET /api/completeness/", "GET /api/sdmx/{framework}/{indicator}.csv"}

UNITS = ["66", "643", "54"]  # the admin's province, one of its districts, and another province
PERIODS = ["2021", "2024", "2025S1", "2025Q2", "2025-06", "2023S1"]
# Besides text and ordinary numbers, numbers too large for the store's number column (chiso.web.api.inputs
# LARGEST), which SQLite once kept as a float that broke every later read of the values, and numbers near it.
VALUES = st.one_of(st.text(max_size=12), st.integers(-10, 10**7).map(str), st.integers(10**19, 10**24).map(str),
                   st.decimals(-1000, 10**6, places=2, allow_nan=False).map(str),
                   st.sampled_from([">90", "<=5", "yes", "không", "Loại A", "1,247,855", "46.14", "  ",
                                    "99999999999999999999", "-99999999999999990000", "999999999999999999"]))


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Requests share the test's transaction, as with Django's test client: no connection closes between them."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def written_values() -> st.SearchStrategy[dict[str, Any]]:
    """Bodies of POST /api/values/ with real keys and values of every sort, good and bad."""
    cqs = [indicator.code for indicator in services.frameworks()["cqs"].indicators]
    return st.fixed_dictionaries(
        {"framework": st.just("cqs"), "indicator": st.sampled_from(cqs), "unit": st.sampled_from(UNITS),
         "period": st.sampled_from(PERIODS), "value": VALUES},
        optional={"note": st.text(max_size=20), "version": st.integers(0, 3)})


def value_edits() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"value": VALUES}, optional={"note": st.text(max_size=20),
                                                              "version": st.integers(0, 3)})


def anchored(operation: Any, headers: dict[str, str]) -> st.SearchStrategy[Any] | None:
    """Cases on real data, so that generated requests reach the code behind the validation of identifiers."""
    value_id = stored_id()
    path, method = operation.path, operation.method.upper()
    json = "application/json"
    if path == "/api/values/" and method == "POST":
        return written_values().flatmap(lambda body: operation.as_strategy(headers=headers, body=body, media_type=json))
    if path == "/api/values/{id}/" and method != "GET":
        return value_edits().flatmap(lambda body: operation.as_strategy(
            headers=headers, path_parameters={"id": value_id}, body=body, media_type=json))
    if path == "/api/values/{id}/":
        return operation.as_strategy(headers=headers, path_parameters={"id": value_id})
    if path.startswith("/api/frameworks/{code}"):
        return st.sampled_from(["cqs", "cds2025"]).flatmap(
            lambda code: operation.as_strategy(headers=headers, path_parameters={"code": code}))
    if path in ("/api/findings/", "/api/evaluations/"):
        return st.sampled_from(["cqs", "cds2025"]).flatmap(
            lambda code: operation.as_strategy(headers=headers, query={"framework": code, "unit": "66"}))
    if path == "/api/figures/":
        return figure_queries().flatmap(lambda query: operation.as_strategy(headers=headers, query=query))
    if path == "/api/values/" and method == "GET":
        return st.integers(1, 5).flatmap(lambda limit: operation.as_strategy(
            headers=headers, query={"cursor": value_cursor(), "limit": limit}))
    return None


def figure_queries() -> st.SearchStrategy[dict[str, Any]]:
    """Queries of GET /api/figures/ on the shipped data: real codes, periods and scopes, good and bad."""
    cqs = [indicator.code for indicator in services.frameworks()["cqs"].indicators]
    listed = st.lists(st.sampled_from([*cqs, "9.9"]), min_size=1, max_size=4).map(",".join)
    return st.fixed_dictionaries(
        {"framework": st.just("cqs"), "unit": st.sampled_from(UNITS)},
        optional={"periods": st.sampled_from(["2024", "2021:2025", "2025Q1:2025Q4", "2023S1,2025-06", "1000:9999",
                                              "2025:2025Q2", "2025H1"]),
                  "indicators": listed, "scope": st.sampled_from(["unit", "children"]), "limit": st.integers(1, 5),
                  "cursor": st.sampled_from(["eyJ1IjoiNjQzIn0", "eyJ1IjoiNjYiLCJpIjoiNS40IiwicCI6IjIwMjQifQ", "x"])})


def stored_id() -> int | None:
    return models.Value.objects.filter(framework__code="cqs", org_unit__code="66", indicator="5.1.1").values_list(
        "pk", flat=True).first()


def value_cursor() -> str:
    """The cursor of the page after the first stored value, as GET /api/values/ makes it."""
    first = models.Value.objects.order_by(*ORDER).first()
    assert first is not None
    return Position(key_of(first)).cursor()


def strategies(operation: Any, headers: dict[str, str]) -> list[st.SearchStrategy[Any]]:
    """Positive cases; negative ones where there is an input to get wrong; and cases anchored on real data.
    The token is fixed, not generated: the checks of authentication probe without it themselves."""
    found = [operation.as_strategy(headers=headers)]
    if len(operation.path_parameters) + len(operation.query) + len(operation.body):
        found.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, headers=headers))
    on_data = anchored(operation, headers)
    return found if on_data is None else [*found, on_data]


def coverage(schema: Any, operation: Any, headers: dict[str, str]) -> list[Any]:
    """Schemathesis's coverage cases of the operation, as its coverage phase makes them; for a value's id, the
    positive ones again on a stored value (generated ids find none, and a negative one is no id any more)."""
    config = schema.config.generation_for(operation=operation, phase="coverage")

    def cases(modes: list[GenerationMode], override: Override) -> list[Any]:
        return list(CoverageGenerator(operation=operation, generation_modes=modes, generation_config=config,
                                      auth_storage=None, override=override, feedback=FeedbackSources()))

    found = cases(list(GenerationMode), Override(headers=headers))
    if "id" in operation.path_parameters:
        found += cases([GenerationMode.POSITIVE], Override(headers=headers, path_parameters={"id": str(stored_id())}))
    return found


def fuzz(operation: Any, cases: st.SearchStrategy[Any], calls: Counter[str]) -> str | None:
    """Runs the operation's generated cases; the failure found (after shrinking), or None."""
    from chiso.web.wsgi import application

    @settings(max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def run(case: Any) -> None:
        response = case.call(app=application)
        calls[operation.label] += 1
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except (FailureGroup, AssertionError) as exc:
        return f"{operation.label}: {exc}"
    return None


def covered(operation: Any, case: Any, calls: Counter[str]) -> str | None:
    """Runs one coverage case; its failures, or None."""
    from chiso.web.wsgi import application

    response = case.call(app=application)
    calls[operation.label] += 1
    try:
        case.validate_response(response, checks=CHECKS)
    except (FailureGroup, AssertionError) as exc:
        return f"{operation.label} {case.method} {case.formatted_path} {case.query}: {exc}"
    return None


def test_every_answer_conforms_to_the_schema(province_admin: Any, in_test_transaction: None) -> None:
    from chiso.web.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    headers = {"Authorization": f"Token {Token.objects.create(user=province_admin).key}"}
    calls: Counter[str] = Counter()
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        failures += [fuzz(operation, cases, calls) for cases in strategies(operation, headers)]
        failures += [covered(operation, case, calls) for case in coverage(schema, operation, headers)]
    found = [f for f in failures if f]
    print(f"\nschemathesis: {sum(calls.values())} calls over {len(calls)} operations, {len(found)} failures")

    assert set(calls) == OPERATIONS
    assert min(calls.values()) >= MAX_EXAMPLES  # every operation was really exercised, not skipped
    assert found == []
