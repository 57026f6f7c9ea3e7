"""Workspace (werkplek): The panel's pages: the dossier, assessments, verdicts, declining, previewing and signing.

HTML pages over the same service functions as the JSON API; no business rule here."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
