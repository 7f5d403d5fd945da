from django.urls import include, path

from ssp.sso import views

app_name = "sso"

urlpatterns = [
    path("afvist/", views.refused, name="refused"),
]

# djangosaml2 and mozilla-django-oidc name their own routes (saml2_login, saml2_acs, saml2_metadata,
# oidc_authentication_init, oidc_authentication_callback); they are included outside this namespace.
library_urlpatterns = [
    path("saml/", include("djangosaml2.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
]
