"""Workspace (werkplek): The indiener's pages: cases, drafting a request from the catalogue, submitting, revising.

HTML pages over the same service functions as the JSON API; no business rule here."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
