import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_served(client):
    response = client.get("/")

    assert response.status_code == 200
    assert b'<html lang="en-GB">' in response.content


def test_unknown_page_shows_the_friendly_not_found_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert b"Page not found" in response.content
