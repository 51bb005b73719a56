"""Attendance marks and their corrections (lms.personal_data).

A person's marks go into their download with their place on the training
(enrolment.personal_data). Erasure keeps the marks, which completion and the funder's attendance
rates count, and removes the remarks written about the person, in the corrections' trail too."""

import datetime as dt

from lms.personal_data import PersonalData

from .models import Attendance, AttendanceChange


class AttendanceData(PersonalData):
    models = ("attendance.Attendance", "attendance.AttendanceChange")

    def erase(self, user, *, by, today: dt.date) -> None:
        Attendance.objects.filter(enrolment__user=user).update(remark="")
        AttendanceChange.objects.filter(attendance__enrolment__user=user).update(from_remark="", to_remark="")
