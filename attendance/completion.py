"""Whether a participant has completed a course, from the course's rule and their attendance.

Pure functions over data already loaded, so a roster of any size is evaluated without a query
per person.
"""

import math
from dataclasses import dataclass, field

from .models import Attendance

Status = Attendance.Status


@dataclass(frozen=True)
class Completion:
    attended: int
    total: int
    required: int
    unmarked: int
    missed_mandatory: list = field(default_factory=list)
    unmarked_mandatory: int = 0
    override: bool | None = None

    @property
    def rule_met(self) -> bool:
        # A course with no sessions (yet) has been attended by nobody.
        return (
            self.total > 0
            and self.attended >= self.required
            and not self.missed_mandatory
            and self.unmarked_mandatory == 0
        )

    @property
    def completed(self) -> bool:
        return self.override if self.override is not None else self.rule_met

    @property
    def can_still_complete(self) -> bool:
        """Not completed yet, but the sessions not yet marked could still get them there."""
        if self.override is not None:
            return False
        return not self.missed_mandatory and self.attended + self.unmarked >= self.required


def counted_statuses(offering) -> set[str]:
    counted = {Status.PRESENT, Status.LATE}
    if offering.excused_counts:
        counted.add(Status.EXCUSED)
    return counted


def evaluate(offering, sessions, marks: dict, *, override: bool | None = None) -> Completion:
    """`sessions`: the offering's sessions; `marks`: {session_pk: status} of one enrolment."""
    counted = counted_statuses(offering)
    total = len(sessions)
    required = max(1, math.ceil(total * offering.completion_share / 100)) if total else 0
    attended = sum(1 for s in sessions if marks.get(s.pk) in counted)
    unmarked = sum(1 for s in sessions if s.pk not in marks)
    missed_mandatory = [s for s in sessions if s.mandatory and s.pk in marks and marks[s.pk] not in counted]
    unmarked_mandatory = sum(1 for s in sessions if s.mandatory and s.pk not in marks)
    return Completion(
        attended=attended,
        total=total,
        required=required,
        unmarked=unmarked,
        missed_mandatory=missed_mandatory,
        override=override,
        unmarked_mandatory=unmarked_mandatory,
    )
