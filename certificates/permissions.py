"""Who may do what with certificates; used by views, admin views and templates alike."""

from .models import Certificate


def can_issue_certificates(user) -> bool:
    """Coordinators: issue, revoke and reissue; the permission to add certificates covers all three."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("certificates.add_certificate")))


def can_download(user, certificate: Certificate) -> bool:
    """The holder, and only while the certificate is valid: a revoked or superseded PDF is not
    handed out again (the reissued one replaces it)."""
    return bool(user.is_authenticated and certificate.subject_id == user.pk and certificate.is_valid)
