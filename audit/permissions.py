"""Who may read the audit log; used by the admin view and the menu alike."""


def can_view_audit(user) -> bool:
    """Coordinators (the view permission of audit entries); nobody may change or delete entries."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("audit.view_entry")))
