"""The offering's editor form (Offering.base_form_class). Kept apart from forms.py, which imports
the models that name this class."""

from wagtail.admin.forms import WagtailAdminPageForm


class OfferingPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        # accounts' models import courses' models, which import this module.
        from accounts.selectors import name_with_address

        super().__init__(*args, **kwargs)
        # Trainers are picked by name, with the address that tells two of one name apart; the
        # user model's own label is the username, which is the address alone.
        trainers = self.fields["trainers"]
        trainers.queryset = trainers.queryset.order_by("last_name", "first_name", "email")
        trainers.label_from_instance = name_with_address
