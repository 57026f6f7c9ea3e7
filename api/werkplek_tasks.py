"""Workspace (werkplek): Mijn werk: what needs me, for which request, by when.

HTML pages over the same service functions as the JSON API; no business rule here."""

from fastapi import APIRouter, Request as HttpRequest
from fastapi.responses import HTMLResponse

from api.auth import WorkspaceUserDep, render
from api.deps import NowDep, SessionDep
from models.documents import format_date_nl
from models.organisation import ROLE_LABELS, Region
from models.services.tasks import group_by_role, my_tasks, open_requests

router = APIRouter(include_in_schema=False)


@router.get("/werkplek", response_class=HTMLResponse)
def my_work(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    tasks = my_tasks(session, actor=user, now=now)
    overview = open_requests(session, actor=user, without={t.request_id for t in tasks})
    region = session.get(Region, user.region_id)
    session.commit()  # ends the read
    return render(http, "werkplek.html", user=user, now=now, work=group_by_role(tasks, now), overview=overview,
                  region=region.name if region else "onbekende regio", role_labels=ROLE_LABELS,
                  roles=", ".join(ROLE_LABELS.get(r, r) for r in user.roles) or "geen rol", date_nl=format_date_nl)
