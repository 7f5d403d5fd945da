from django.contrib import admin
from django.urls import include, path

from ssp.api import api
from ssp.sso.urls import library_urlpatterns as sso_library_urls

urlpatterns = [
    path("", include("ssp.core.urls")),
    path("", include("ssp.operations.urls")),
    path("konto/", include("ssp.accounts.urls")),
    path("struktur/", include("ssp.structure.urls")),
    path("privacy/", include("ssp.privacy.urls")),
    path("sager/", include("ssp.concerns.urls")),
    path("moeder/", include("ssp.meetings.urls")),
    path("udbakke/", include("ssp.mail.urls")),
    path("medarbejdere/", include("ssp.staff.urls")),
    path("planer/", include("ssp.plans.urls")),
    path("indsigt/", include("ssp.insight.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("sso/", include("ssp.sso.urls")),
    path("sso/", include(sso_library_urls)),
]

handler400 = "ssp.core.errors.bad_request"
handler403 = "ssp.core.errors.permission_denied"
handler404 = "ssp.core.errors.page_not_found"
handler500 = "ssp.core.errors.server_error"
