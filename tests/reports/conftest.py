import pytest

from .programme import make_places, make_programme


@pytest.fixture
def places():
    return make_places()


@pytest.fixture
def programme(catalogue, places):
    return make_programme(catalogue, places)
