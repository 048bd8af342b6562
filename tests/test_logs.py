"""A request's id (newsroom/logs.py), apart from the server that logs it."""

import re

from newsroom.logs import request_id_from


def test_a_request_gets_a_new_random_id_of_32_hex_digits():
    ids = {request_id_from(None, trusted=False) for _ in range(1000)}

    assert len(ids) == 1000
    assert all(re.fullmatch(r"[0-9a-f]{32}", found) for found in ids)
    # Each digit anywhere: no part of the id is fixed.
    for place in range(32):
        assert len({found[place] for found in ids}) == 16, place


def test_a_trusted_proxys_valid_id_is_kept_and_any_other_replaced():
    assert request_id_from("lb-7f3a9c21-0001", trusted=True) == "lb-7f3a9c21-0001"
    assert request_id_from("lb-7f3a9c21-0001", trusted=False) != "lb-7f3a9c21-0001"
    assert request_id_from("short", trusted=True) != "short"
