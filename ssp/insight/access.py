"""Fetch the objects behind an insight page for a reader, through the rule in ``ssp.privacy.figures``; anything
the reader may not see is a 404, so a URL does not even confirm that a municipality has a wave."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from ssp.accounts.models import User
from ssp.insight.models import ReportJob, SurveyImport, SurveyWave
from ssp.privacy.figures import may_import_survey, may_read_district_figures, may_read_municipality_figures
from ssp.structure.models import Municipality, PoliceDistrict


def get_municipality_for(user: User, slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    if not may_read_municipality_figures(user, municipality):
        raise Http404
    return municipality


def get_district_for(user: User, slug: str) -> PoliceDistrict:
    district = get_object_or_404(PoliceDistrict, slug=slug)
    if not may_read_district_figures(user, district):
        raise Http404
    return district


def get_wave_for(user: User, pk: int) -> SurveyWave:
    wave = get_object_or_404(SurveyWave.objects.select_related("survey", "municipality"), pk=pk)
    if not may_read_municipality_figures(user, wave.municipality):
        raise Http404
    return wave


def get_import_for(user: User, pk: int) -> SurveyImport:
    survey_import = get_object_or_404(SurveyImport.objects.select_related("municipality", "survey"), pk=pk)
    if survey_import.created_by_id != user.pk or not may_import_survey(user, survey_import.municipality):
        raise Http404
    return survey_import


def get_report_for(user: User, pk: int) -> ReportJob:
    """A report job is its requester's: the file is fetched after log-in, by them only."""
    job = get_object_or_404(ReportJob.objects.select_related("municipality", "police_district"), pk=pk)
    if job.requested_by_id != user.pk:
        raise Http404
    return job
