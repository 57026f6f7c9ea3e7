"""The worker runs the events it claimed in one round in one Prefect flow run (flows/lifecycle.py): the run's
name and tags say which cases it is about. (The runs themselves, and an event that fails in one, are in
test_workers.py, which has a Prefect server.)"""

from flows.lifecycle import event_tags, run_name


def test_a_run_of_one_request_is_named_after_it_and_its_kinds_in_order():
    assert run_name([(7, "hearing.updated", 12)]) == "verzoek-12-hearing.updated"
    assert run_name([(7, "hearing.updated", 12), (8, "review.updated", 12), (9, "hearing.updated", 12)]) == \
        "verzoek-12-hearing.updated+review.updated"


def test_a_run_of_several_requests_names_the_first_six_and_counts_the_rest():
    assert run_name([(1, "request.submitted", 3), (2, "hearing.updated", 5), (3, "request.ready", 3)]) == \
        "verzoeken-3-5"
    events = [(i, "review.updated", 100 + i) for i in range(9)]
    assert run_name(events) == "verzoeken-100-101-102-103-104-105-en-3-meer"


def test_a_run_is_tagged_with_every_request_kind_and_event_once_and_its_worker():
    assert event_tags([(1, "request.submitted", 3), (2, "hearing.updated", 3), (4, "hearing.updated", 5)], "w1") == (
        "request:3", "request:5", "event:request.submitted", "event:hearing.updated", "event-id:1", "event-id:2",
        "event-id:4", "worker:w1")
