"""Django's and allauth's signals the accounts app answers; the rules live in services.py and
permissions.py."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from allauth.account.signals import password_reset
from allauth.mfa.models import Authenticator

from .permissions import forget_second_factor_answers
from .services import confirm_sole_address

User = get_user_model()


@receiver(pre_save, sender=User)
def keep_the_address_in_lower_case(sender, instance, **kwargs):
    """Addresses are case-insensitive, and allauth finds an account by its address in lower case:
    an account saved with capitals in it (the Wagtail and Django admins' user forms keep what was
    typed) could never log in."""
    instance.email = instance.email.lower()


@receiver(password_reset)
def confirm_the_address_the_reset_went_to(sender, request, user, **kwargs):
    confirm_sole_address(user, request=request)


# Whether someone must set up a second factor is cached per person (permissions.py). A change that
# may alter it forgets the answer at once, and again once it commits: a request of another process
# reading the old rows in between would otherwise keep the old answer.


def _forget(user_pks) -> None:
    user_pks = list(user_pks)
    if user_pks:
        forget_second_factor_answers(user_pks)
        transaction.on_commit(lambda: forget_second_factor_answers(user_pks))


def _members(group_pks) -> list:
    return list(User.objects.filter(groups__in=list(group_pks)).values_list("pk", flat=True).distinct())


@receiver(m2m_changed, sender=User.groups.through)
def forget_on_group_membership(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        _forget([instance.pk])
    elif reverse and action in ("post_add", "post_remove"):
        _forget(pk_set)
    elif reverse and action == "pre_clear":
        _forget(_members([instance.pk]))


@receiver(m2m_changed, sender=User.user_permissions.through)
def forget_on_own_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        _forget([instance.pk])
    elif reverse and action in ("post_add", "post_remove"):
        _forget(pk_set)
    elif reverse and action == "pre_clear":
        _forget(instance.user_set.values_list("pk", flat=True))


@receiver(m2m_changed, sender=Group.permissions.through)
def forget_on_group_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        _forget(_members([instance.pk]))
    elif reverse and action in ("post_add", "post_remove"):
        _forget(_members(pk_set))
    elif reverse and action == "pre_clear":
        _forget(_members(instance.group_set.values_list("pk", flat=True)))


@receiver(pre_delete, sender=Group)
def forget_on_group_deleted(sender, instance, **kwargs):
    # Its memberships go with it, and the database sends no m2m_changed for them.
    _forget(_members([instance.pk]))


@receiver(post_save, sender=User)
def forget_on_staff_status(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or {"is_staff", "is_superuser", "is_active"} & set(update_fields):
        _forget([instance.pk])


@receiver(post_save, sender=Authenticator)
@receiver(post_delete, sender=Authenticator)
def forget_on_authenticator(sender, instance, **kwargs):
    _forget([instance.user_id])
