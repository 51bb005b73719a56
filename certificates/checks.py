from django.core.checks import Error, register

from .names import NAME_FACES


@register()
def name_fonts_installed(app_configs, **kwargs):
    """The fonts names in other scripts are checked against and printed in: without them no name
    form can be checked and no certificate drawn."""
    return [
        Error(
            f"The certificate font {face.path} is missing.",
            hint="Install Debian's fonts-noto-core and fonts-noto-cjk (make system-packages).",
            id="certificates.E001",
        )
        for face in NAME_FACES
        if not face.path.is_file()
    ]
