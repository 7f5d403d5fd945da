from django.contrib.auth import views as auth_views
from django.urls import path

from ssp.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("log-ind/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
    path("totrinsbekraeftelse/opret/", views.enrol, name="enrol"),
    path("totrinsbekraeftelse/", views.verify, name="verify"),
    path("totrinsbekraeftelse/gendannelseskoder/", views.regenerate_recovery_codes, name="recovery_codes"),
    path("adgangskode/", views.PasswordChangeView.as_view(), name="password_change"),
    path("api-noegler/", views.create_api_token, name="api_token_create"),
    path("api-noegler/<int:pk>/tilbagekald/", views.revoke_api_token, name="api_token_revoke"),
]
