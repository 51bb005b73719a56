"""The completion rule on its own: attendance.completion.evaluate over marks already loaded."""

from types import SimpleNamespace

import pytest

from attendance.completion import evaluate
from attendance.models import Attendance

PRESENT, LATE, EXCUSED, ABSENT = (status.value for status in Attendance.Status)


def rule(share=80, excused_counts=False):
    return SimpleNamespace(completion_share=share, excused_counts=excused_counts)


def sessions(count, mandatory=()):
    return [SimpleNamespace(pk=n, mandatory=n in mandatory) for n in range(1, count + 1)]


def marks(*statuses):
    """{session_pk: status} for sessions 1, 2, …; None leaves a session unmarked."""
    return {n: status for n, status in enumerate(statuses, start=1) if status is not None}


def state(completion) -> str:
    if completion.completed:
        return "completed"
    return "open" if completion.can_still_complete else "closed"


def test_the_share_is_rounded_up():
    completion = evaluate(rule(share=80), sessions(6), {})

    assert (completion.required, completion.total, completion.unmarked) == (5, 6, 6)


def test_nothing_marked_yet_can_still_complete():
    assert state(evaluate(rule(), sessions(5), {})) == "open"


def test_enough_attended_completes_and_late_counts():
    completion = evaluate(rule(), sessions(5), marks(PRESENT, LATE, PRESENT, PRESENT, ABSENT))

    assert (completion.attended, state(completion)) == (4, "completed")


def test_the_share_alone_rules_completion_out_without_any_mandatory_session():
    # Two of five missed: even attending the rest gives three, and four are needed.
    completion = evaluate(rule(), sessions(5), marks(ABSENT, ABSENT, PRESENT))

    assert completion.missed_mandatory == []
    assert (completion.attended, completion.unmarked, completion.required) == (1, 2, 4)
    assert state(completion) == "closed"


def test_the_share_still_reachable_with_the_sessions_left():
    completion = evaluate(rule(), sessions(5), marks(ABSENT, PRESENT, PRESENT))

    assert state(completion) == "open"


@pytest.mark.parametrize(("excused_counts", "expected"), [(False, "closed"), (True, "completed")])
def test_an_excused_absence_counts_only_where_the_course_says_so(excused_counts, expected):
    completion = evaluate(
        rule(excused_counts=excused_counts), sessions(5), marks(PRESENT, PRESENT, EXCUSED, PRESENT, ABSENT)
    )

    assert completion.attended == (4 if excused_counts else 3)
    assert state(completion) == expected


@pytest.mark.parametrize(("excused_counts", "expected"), [(False, "closed"), (True, "completed")])
def test_an_excused_mandatory_session_counts_only_where_excused_counts(excused_counts, expected):
    completion = evaluate(
        rule(share=50, excused_counts=excused_counts), sessions(2, mandatory={1}), marks(EXCUSED, PRESENT)
    )

    assert bool(completion.missed_mandatory) is not excused_counts
    assert state(completion) == expected


def test_a_missed_mandatory_session_rules_completion_out_whatever_the_share():
    completion = evaluate(rule(share=50), sessions(4, mandatory={2}), marks(PRESENT, ABSENT, PRESENT, PRESENT))

    assert [s.pk for s in completion.missed_mandatory] == [2]
    assert (completion.attended >= completion.required, state(completion)) == (True, "closed")


def test_a_mandatory_session_not_yet_marked_keeps_completion_open():
    completion = evaluate(rule(share=50), sessions(3, mandatory={3}), marks(PRESENT, PRESENT))

    assert (completion.unmarked_mandatory, state(completion)) == (1, "open")


@pytest.mark.parametrize(("override", "expected"), [(True, "completed"), (False, "closed")])
def test_a_coordinators_decision_overrides_the_rule(override, expected):
    attended_all = marks(PRESENT, PRESENT, PRESENT)
    completion = evaluate(rule(), sessions(3), attended_all if override is False else {}, override=override)

    assert state(completion) == expected
    assert completion.rule_met is (override is False)


def test_a_course_without_sessions_is_completed_by_nobody():
    completion = evaluate(rule(), sessions(0), {})

    assert not completion.completed
    assert completion.can_still_complete  # sessions may yet be added
