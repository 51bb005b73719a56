import pytest

pytestmark = pytest.mark.django_db


def test_the_editor_sets_the_certificate_texts_and_signature_in_the_page_editor(client, course, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("paatoimittaja", "editor@example.fi", "x"))

    response = client.get(f"/admin/pages/{course.pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    for field in (
        "certificate_content_fi",
        "certificate_content_sv",
        "certificate_signatory",
        "certificate_signatory_title_fi",
        "certificate_signatory_title_sv",
        "certificate_signature",
        "certificate_place_fi",
        "certificate_place_sv",
    ):
        assert f'name="{field}"' in html, field
