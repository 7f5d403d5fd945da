from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"

urlpatterns = [
    path("log-ind/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
]
