"""Routes of the REST API, mounted at /api/; the OpenAPI 3 document is at /api/schema/."""

from __future__ import annotations

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from chiso.web.api.analysis import EvaluationList, FindingList
from chiso.web.api.auth import TokenView
from chiso.web.api.catalog import FrameworkDetail, FrameworkList, IndicatorList, OrgUnitList
from chiso.web.api.completeness import CompletenessView
from chiso.web.api.errors import not_found
from chiso.web.api.figures import FigureList
from chiso.web.api.opendata import IndicatorSdmx
from chiso.web.api.reports import ReportFile
from chiso.web.api.values import ValueDetail, ValueList

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("token/", TokenView.as_view(), name="token"),
    path("frameworks/", FrameworkList.as_view(), name="frameworks"),
    path("frameworks/<str:code>/", FrameworkDetail.as_view(), name="framework"),
    path("frameworks/<str:code>/indicators/", IndicatorList.as_view(), name="indicators"),
    path("org-units/", OrgUnitList.as_view(), name="org-units"),
    path("values/", ValueList.as_view(), name="values"),
    path("values/<int:pk>/", ValueDetail.as_view(), name="value"),
    path("figures/", FigureList.as_view(), name="figures"),
    path("findings/", FindingList.as_view(), name="findings"),
    path("evaluations/", EvaluationList.as_view(), name="evaluations"),
    path("reports/", ReportFile.as_view(), name="reports"),
    path("completeness/", CompletenessView.as_view(), name="completeness"),
    path("sdmx/<str:framework>/<str:indicator>.csv", IndicatorSdmx.as_view(), name="sdmx"),
    re_path(r"", not_found),  # last: whatever else is asked under /api/ is a JSON 404, not the site's page
]
