"""Who trains a course (lms.personal_data).

An offering's trainers are a record of the programme, as a roster's `marked_by` is: they stay,
and name nobody once a trainer's account is erased (a coordinator erases it after the trainer's
duties are handed over). Everything else on an offering is what editors publish."""

from lms.personal_data import PersonalData


class CourseData(PersonalData):
    models = ("courses.Offering",)
