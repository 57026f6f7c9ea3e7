"""Workspace (werkplek): Mijn werk: what needs me, for which request, by when.

HTML pages over the same service functions as the JSON API; no business rule here."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
