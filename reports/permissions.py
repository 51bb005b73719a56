"""Who may read the reports; used by the admin views and the menu alike."""


def can_view_reports(user) -> bool:
    """Coordinators, and anyone else given "Can view reports": figures only, no names."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("reports.view_reports")))
