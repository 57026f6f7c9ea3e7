"""Workspace (werkplek): The beheerder's pages: the reviewer pool, flagged requests and the uniformity figures.

HTML pages over the same service functions as the JSON API; no business rule here."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
