"""The guards of the later gates (hearing, review, sign-off, render) and the 'what is still missing' checklist."""

from datetime import datetime

from models.dossier import Dossier
from models.errors import Problem
from models.hearing import PARTY_KIND_LABELS
from models.intake import SUBMIT_GUARDS
from models.organisation import ROLE_LABELS
from models.review import Decision


def _fmt_date(dt: datetime) -> str:
    from models.documents import format_date_nl  # the one Dutch date formatter

    return format_date_nl(dt)


MATERIAL_LABELS = {"measure": "de maatregel", "duration_months": "de duur", "facts": "de feiten",
                   "grounds": "de gronden", "child_ids": "de kinderen"}


def check_panel_complete(d: Dossier, now: datetime) -> list[Problem]:
    if d.measure is None:
        return []
    filled = {(s.role, s.seat_no) for s in d.seats}
    return [
        Problem("seat_empty", f"De plaats van {ROLE_LABELS[role]} {n} in het panel is niet bezet.", f"panel.{role}.{n}")
        for role, n in d.measure.panel_seats()
        if (role, n) not in filled
    ]


def hearing_gaps(d: Dossier, now: datetime) -> list[tuple]:
    """(party, problem) for every required party not yet heard as the law asks."""
    problems = []
    for party in d.parties:
        if not party.required:
            continue
        person = d.persons[party.person_id]
        who = f"{person.full_name} ({PARTY_KIND_LABELS[party.kind]})"
        where = f"parties.{party.id}"
        if party.kind == "child":
            if person.id not in d.voices:
                age = person.age_on(now.date())
                problems.append((party, Problem("child_voice_missing", f"De mening van {person.full_name} ({age} jaar) is niet "
                                        "vastgelegd, en ook niet waarom het kind niet is gehoord.", where)))
            continue
        if party.invited_revision_id not in (None, d.revision.id) and (party.id, d.revision.id) not in d.waivers:
            from models.dossier import material_changes

            changed = material_changes(d.invited_contents[party.invited_revision_id], d.content)
            if changed:
                labels = ", ".join(MATERIAL_LABELS[f] for f in changed)
                problems.append((party, Problem("party_reinvite_needed", f"{who} is gehoord op een eerdere versie; sindsdien "
                                        f"gewijzigd: {labels}. Nodig opnieuw uit, of laat het panel met redenen "
                                        "vastleggen dat de wijziging de reactie niet raakt.", where)))
                continue
        if party.responded_at is not None:
            continue
        if party.invited_at is None:
            problems.append((party, Problem("party_not_invited", f"{who} is niet uitgenodigd om op het concept te reageren.", where)))
        elif not party.proof.strip():
            problems.append((party, Problem("invitation_proof_missing", f"Het bewijs van de uitnodiging aan {who} ontbreekt.", where)))
        elif party.deadline is None:
            # Invited, but no response time known: never "past its deadline" (hearing both sides needs one).
            problems.append((party, Problem("party_deadline_missing", f"{who} is uitgenodigd, maar de reactietermijn "
                                            "is niet vastgelegd; nodig opnieuw uit.", where)))
        elif party.deadline > now:
            problems.append((party, Problem("party_response_pending", f"{who} kan nog reageren tot {_fmt_date(party.deadline)}.",
                                    where)))
    return problems


def check_hearing(d: Dossier, now: datetime) -> list[Problem]:
    """Every required party invited with proof and either heard or past its deadline; every required child's
    voice. When the panel accepted the urgency (art. 809 lid 3 Rv), the gaps are deferred, not blocking."""
    if d.request.urgency_accepted_at is not None:
        return []
    return [problem for _, problem in hearing_gaps(d, now)]


def check_assessments(d: Dossier, now: datetime) -> list[Problem]:
    done = {(a.reviewer_id, a.criterion) for a in d.assessments if a.reasoning.strip()}
    if d.minor_change:  # only the chair checks the small change; the others assessed the earlier revision
        return [Problem("assessment_missing", f"De voorzitter heeft '{label}' nog niet opnieuw beoordeeld.",
                        f"assessments.{d.chair_seat_id}.{code}")
                for seat in d.seats if seat.id == d.chair_seat_id
                for code, label in d.criteria() if (seat.user_id, code) not in done]
    return [
        Problem("assessment_missing", f"{d.user(seat.user_id).name} ({ROLE_LABELS[seat.role]}) heeft het criterium "
                f"'{label}' nog niet met motivering beoordeeld.", f"assessments.{seat.id}.{code}")
        for seat in d.seats
        for code, label in d.criteria()
        if (seat.user_id, code) not in done
    ]


def check_verdicts_akkoord(d: Dossier, now: datetime) -> list[Problem]:
    """Every member's akkoord on this revision (the catalogue's unanimous rule), unless the escalation
    decided, with reasons, to file anyway: then every member must still have given a verdict."""
    escalated = d.escalation is not None and d.escalation.proceed
    verdicts = d.effective_verdicts()
    problems = []
    if d.minor_change and (d.chair_seat_id not in d.verdicts
                           or d.verdicts[d.chair_seat_id].decision != Decision.akkoord):
        problems.append(Problem("chair_check_missing", "De voorzitter van het panel heeft de kleine aanpassing nog "
                                "niet akkoord bevonden.", f"verdicts.{d.chair_seat_id}"))
    for seat in d.seats:
        who = f"{d.user(seat.user_id).name} ({ROLE_LABELS[seat.role]})"
        verdict = verdicts.get(seat.id)
        if verdict is None:
            problems.append(Problem("verdict_missing", f"{who} heeft nog geen oordeel gegeven over revisie "
                                    f"{d.revision.number}.", f"verdicts.{seat.id}"))
        elif verdict.decision not in (Decision.akkoord, Decision.klein) and not escalated:
            problems.append(Problem("verdict_not_akkoord", f"{who} gaf geen akkoord.", f"verdicts.{seat.id}"))
    return problems


def unresolved_warnings(d: Dossier, now: datetime) -> list[Problem]:
    """The intake warnings on the current revision that no panel member accepted with reasons."""
    from models.intake import intake

    accepted = {(a.code, a.field) for a in d.warning_acceptances}
    return [w for w in intake(d, now)[1] if (w.code, w.field or "") not in accepted]


def check_warnings_resolved(d: Dossier, now: datetime) -> list[Problem]:
    """Every intake warning is fixed in a new revision or accepted, with reasons, by a named panel member
    (catalogue 2026.2 on: review.warnings_must_be_resolved)."""
    if not d.catalogue.review.warnings_must_be_resolved:
        return []
    return [Problem("warning_unresolved", f"Waarschuwing niet opgelost: {w.message} Herstel dit in een nieuwe "
                    f"revisie, of laat een panellid de waarschuwing met redenen aanvaarden ({w.code}).",
                    f"warnings.{w.code}" + (f".{w.field}" if w.field else ""))
            for w in unresolved_warnings(d, now)]


def check_approval_current(d: Dossier, now: datetime) -> list[Problem]:
    if d.request.approved_revision_id != d.revision.id:
        return [Problem("approval_missing", f"Het panel heeft revisie {d.revision.number} niet goedgekeurd; een "
                        "wijziging na goedkeuring maakt akkoorden en ondertekeningen ongeldig.", "approval")]
    return []


def check_signoffs(d: Dossier, now: datetime) -> list[Problem]:
    signed = {(s.user_id, s.revision_hash) for s in d.signoffs}
    roles = d.catalogue.review.signoff_roles
    return [
        Problem("signoff_missing", f"{d.user(seat.user_id).name} ({ROLE_LABELS[seat.role]}) heeft revisie "
                f"{d.revision.number} (hash {d.revision.content_hash[:12]}…) nog niet ondertekend.",
                f"signoffs.{seat.id}")
        for seat in d.seats
        if seat.role in roles and (seat.user_id, d.revision.content_hash) not in signed
    ]


def revision_tamper_problems(revision) -> list[Problem]:
    """The revision's stored content no longer hashes to its stored content_hash: someone edited it in the
    database. Recomputed from the stored JSON itself, not from anything parsed from it earlier."""
    from pydantic import ValidationError

    from models.request import RequestContent

    try:
        actual = RequestContent.model_validate(revision.content).content_hash()
    except ValidationError:
        actual = None
    if actual == revision.content_hash:
        return []
    return [Problem("revision_tampered", f"De opgeslagen inhoud van revisie {revision.number} past niet meer bij de "
                    f"hash ({revision.content_hash[:12]}…) die het panel beoordeelde: de revisie is buiten de "
                    "applicatie gewijzigd. Ondertekenen en opmaken zijn geweigerd; meld dit aan de beheerder.",
                    "revision")]


def check_revision_intact(d: Dossier, now: datetime) -> list[Problem]:
    return revision_tamper_problems(d.revision)


APPROVE_GUARDS = [check_panel_complete, check_hearing, check_warnings_resolved, check_assessments,
                  check_verdicts_akkoord]
READY_GUARDS = [check_approval_current, check_signoffs]
# Render re-checks the whole chain: no path renders a revision that skipped any part of tegenspraak.
RENDER_GUARDS = [check_revision_intact] + SUBMIT_GUARDS + APPROVE_GUARDS + READY_GUARDS

CHECKLIST_STAGES = [
    ("submit", "Volledig verzoek", SUBMIT_GUARDS),
    ("assign", "Onafhankelijk panel toegewezen", [check_panel_complete]),
    ("hearing", "Hoor en wederhoor, stem van het kind", [check_hearing]),
    ("review", "Beoordeling en oordeel van het panel", [check_panel_complete, check_warnings_resolved,
                                                         check_assessments, check_verdicts_akkoord]),
    ("signoff", "Ondertekening door jurist en gedragswetenschapper", READY_GUARDS),
]


def checklist(d: Dossier, now: datetime) -> list[dict]:
    """What is still missing, per stage, at any moment in the request's life."""
    from models.intake import intake

    stages = []
    for code, label, guards in CHECKLIST_STAGES:
        problems = [p for guard in guards for p in guard(d, now)]
        stages.append({"stage": code, "label": label, "done": not problems,
                       "missing": [p.as_dict() for p in problems]})
    stages[0]["warnings"] = [p.as_dict() for p in intake(d, now)[1]]
    return stages
