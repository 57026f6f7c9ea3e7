"""Panel assignment: one seat per role from another region, never the involved, all seats or none."""

import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from sqlmodel import Session, select

from models.db import create_schema, make_engine
from models.demo import seed_demo
from models.dossier import load_dossier
from models.errors import GateRefused
from models.organisation import User
from models.panel import DeclaredConflict, PanelSeat
from models.request import Request, RequestState
from models.services import drafting, panel
from tests.builders import actor, drive_to, make_request, pump


def test_every_seat_is_filled_from_another_region(session, demo, now, settings):
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    d = load_dossier(session, request_id)
    assert d.request.state == RequestState.in_tegenspraak
    assert sorted((s.role, s.seat_no) for s in d.seats) == sorted(d.measure.panel_seats())
    for seat in d.seats:
        reviewer = d.user(seat.user_id)
        assert reviewer.region_id != d.case.region_id
        assert reviewer.has_role(seat.role)
        assert reviewer.id not in d.team_user_ids


def test_declared_conflicts_and_case_team_are_excluded(session, demo, now, settings):
    # Every jurist outside Utrecht but one declares a conflict with the family: the remaining one must be chosen.
    jurists = [demo.users[k] for k in ("gelderland-zuid/jurist", "rotterdam-rijnmond/jurist")]
    for uid in jurists:
        session.add(DeclaredConflict(user_id=uid, family_id=demo.family_id, reason="kent het gezin", declared_at=now))
    session.commit()
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    jurist_seat = next(s for s in load_dossier(session, request_id).seats if s.role == "jurist")
    assert jurist_seat.user_id == demo.users["amsterdam-amstelland/jurist"]


def test_an_empty_pool_refuses_assignment_flags_the_request_and_assigns_nothing(session, demo, now, settings):
    for key in ("gelderland-zuid/gw", "rotterdam-rijnmond/gw", "amsterdam-amstelland/gw"):
        session.add(DeclaredConflict(user_id=demo.users[key], person_id=demo.persons["noah"], reason="buurman",
                                     declared_at=now))
    session.commit()
    request_id = drive_to(session, demo, "submitted", now, settings.documents_dir)
    [outcome] = pump(session, now, settings.documents_dir)
    assert outcome.startswith("refused")
    request = session.get(Request, request_id)
    session.refresh(request)
    assert request.state == RequestState.submitted
    assert "gedragswetenschapper" in request.flagged and "belangenconflict" in request.flagged
    assert session.exec(select(PanelSeat).where(PanelSeat.request_id == request_id)).all() == []
    # The beheerder retries by hand and is told the same, with the constraint that emptied the pool.
    with pytest.raises(GateRefused) as refused:
        panel.assign_panel(session, actor=actor(session, demo, "amsterdam-amstelland/beheerder"),
                           request_id=request_id, now=now)
    [problem] = refused.value.problems
    assert problem.code == "no_eligible_reviewer" and problem.field == "panel.gedragswetenschapper.1"
    assert "1 werkt in dezelfde regio" in problem.message and "3 heeft een belangenconflict" in problem.message


def test_earlier_involvement_with_the_family_is_derived_from_the_dossier(session, demo, now, settings):
    first = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    earlier = {s.user_id for s in load_dossier(session, first).seats}
    second = drive_to(session, demo, "in_tegenspraak", now + timedelta(days=1), settings.documents_dir)
    later = {s.user_id for s in load_dossier(session, second).seats}
    assert earlier.isdisjoint(later)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(regions=st.lists(st.sampled_from(["utrecht", "gelderland-zuid", "rotterdam-rijnmond", "amsterdam-amstelland"]),
                        min_size=3, max_size=12),
       conflicts=st.sets(st.integers(min_value=0, max_value=11), max_size=6),
       capacity=st.integers(min_value=0, max_value=2))
def test_property_no_assignment_violates_a_hard_constraint(tmp_path, settings, now, regions, conflicts, capacity):
    """Random extra reviewers, conflicts and capacities: either every seat is valid, or none is taken and each
    empty seat names the constraint that emptied it."""
    engine = make_engine(f"sqlite:///{tmp_path / uuid.uuid4().hex}.db")
    create_schema(engine)
    with Session(engine, expire_on_commit=False) as session:
        demo = seed_demo(session)
        region_ids = demo.regions
        extra = []
        for i, region in enumerate(regions):
            role = ("tegenspreker", "jurist", "gedragswetenschapper")[i % 3]
            user = User(name=f"Extra {i}", email=f"x{i}@example.nl", region_id=region_ids[region],
                        roles=[role], capacity=capacity)
            session.add(user)
            extra.append(user)
        session.flush()
        for i in conflicts:
            if i < len(extra):
                session.add(DeclaredConflict(user_id=extra[i].id, family_id=demo.family_id, declared_at=now))
        session.commit()
        request_id = make_request(session, demo, now)
        drafting.submit_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id, now=now)
        dossier = load_dossier(session, request_id, for_update=True)
        try:
            seats = panel.assign(session, dossier, now)
        except GateRefused as refused:
            session.commit()
            assert refused.problems
            assert all(p.code == "no_eligible_reviewer" and p.field for p in refused.problems)
            assert session.exec(select(PanelSeat).where(PanelSeat.request_id == request_id)).all() == []
            return
        session.commit()
        conflicted = {extra[i].id for i in conflicts if i < len(extra)}
        assert len(seats) == len(dossier.measure.panel_seats())
        assert len({s.user_id for s in seats}) == len(seats)
        for seat in seats:
            user = session.get(User, seat.user_id)
            assert user.region_id != dossier.case.region_id
            assert user.has_role(seat.role)
            assert user.id not in conflicted and user.id not in dossier.team_user_ids
            assert user.capacity > 0


def test_batch_mode_waits_for_the_daily_batch_but_not_for_spoed(session, demo, now, settings, monkeypatch):
    from models.config import get_settings
    from models.services.panel import assign_batch_now

    monkeypatch.setenv("TEGENSPRAAK_ASSIGNMENT_MODE", "batch")
    get_settings.cache_clear()
    normal = drive_to(session, demo, "submitted", now, settings.documents_dir)
    spoed = drive_to(session, demo, "submitted", now, settings.documents_dir, measure="voorlopige_ots",
                     duration_months=3, urgency="Acuut gevaar: geweld in het bijzijn van Noah op 1 november.",
                     urgency_details={"danger": "Acuut gevaar: geweld in het bijzijn van Noah.", "fact_keys": ["politie"],
                                      "why_hearing_cannot_wait": "Noah is thuis niet veilig tot de zitting."},
                     grounds=[{"element": "ernstig_vermoeden", "answer": "Ja.", "fact_keys": ["verzuim", "politie"]},
                              {"element": "acute_bedreiging", "answer": "Ja.", "fact_keys": ["politie"]}])
    outcomes = pump(session, now, settings.documents_dir)
    assert outcomes.count("waiting for the daily batch") == 1
    assert session.get(Request, spoed).state == RequestState.in_tegenspraak
    assert session.get(Request, normal).state == RequestState.submitted
    result = assign_batch_now(session, actor=None, now=now)
    assert result["assigned"] == [normal]
    session.refresh(session.get(Request, normal))
    assert session.get(Request, normal).state == RequestState.in_tegenspraak
    spoed_panel = {s.user_id for s in load_dossier(session, spoed).seats}
    assert spoed_panel.isdisjoint({s.user_id for s in load_dossier(session, normal).seats})


def test_the_cached_pool_sees_every_change_a_hard_constraint_reads(session, demo, now, settings):
    from reviewers.facts import load_pool
    from models.security import secret_key
    from models.services import pool_admin
    from models.panel import Unavailability

    first = load_pool(session, now)
    jurist = demo.users["gelderland-zuid/jurist"]
    assert first.reviewers[first.index[jurist]].capacity == 5
    beheerder = actor(session, demo, "amsterdam-amstelland/beheerder")
    user = session.get(User, jurist)
    data = pool_admin.ReviewerData(name=user.name, email=user.email, region="gelderland-zuid", roles=["jurist"],
                                   capacity=0)
    pool_admin.save_reviewer(session, actor=beheerder, data=data, now=now, user_id=jurist,
                             token_key=secret_key(settings))
    assert load_pool(session, now).reviewers[first.index[jurist]].capacity == 0
    session.add(DeclaredConflict(user_id=demo.users["rotterdam-rijnmond/jurist"], family_id=demo.family_id,
                                 declared_at=now))
    session.add(Unavailability(user_id=demo.users["amsterdam-amstelland/jurist"], start=now.date(),
                               end=(now + timedelta(days=30)).date()))
    session.commit()
    request_id = drive_to(session, demo, "submitted", now, settings.documents_dir)
    [outcome] = pump(session, now, settings.documents_dir)
    assert outcome.startswith("refused")  # no jurist left: capacity 0, a conflict, leave
    assert "no_eligible_reviewer" in outcome
    assert session.get(Request, request_id).state == RequestState.submitted



def test_the_reciprocity_and_history_periods_come_from_the_policy(session, demo, now, settings):
    """A seat counts towards its region's review share and its reviewer's recent load within the policy's
    periods, and no longer after them."""
    from reviewers.facts import build_pool, region_shares
    from reviewers.policy import get_policy

    policy = get_policy()
    reviewer = next(u for u in session.exec(select(User).order_by(User.id)) if u.has_role("tegenspreker"))
    request_id = make_request(session, demo, now)
    assigned = now - timedelta(days=min(policy.reciprocity_days, policy.history_days)) + timedelta(hours=1)
    session.add(PanelSeat(request_id=request_id, user_id=reviewer.id, role="tegenspreker", seat_no=1,
                          assigned_at=assigned))
    session.commit()

    def recent(at):
        pool = build_pool(session, at)
        return pool.recent[pool.index[reviewer.id]]

    assert region_shares(session, now)[reviewer.region_id][1] > 0
    assert recent(now) == 1
    at = assigned + timedelta(days=policy.reciprocity_days, hours=1)
    assert region_shares(session, at)[reviewer.region_id][1] == 0
    assert recent(assigned + timedelta(days=policy.history_days, hours=1)) == 0
