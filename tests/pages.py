"""Reading what a page shows, for the tests."""

import re


def text(response) -> str:
    return response.content.decode()


def match_count(page: str) -> int:
    """Return the "N cameras match" figure of a list page."""
    return int(re.search(r'id="match-count">\s*([\d,]+)', page).group(1).replace(",", ""))


def figure(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">.*?<span class="value">([^<]*)</span>', page, re.S)
    return match.group(1)


def count_for(client, **params) -> int:
    """Return how many cameras the camera list says match `params` (after the redirect that
    writes an id or a code in another case as the code)."""
    response = client.get("/cameras/", params, follow=True)
    assert response.status_code == 200, response.content[:2000]
    return match_count(text(response))
