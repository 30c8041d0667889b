"""CSV downloads and the camera import (issue 4)."""

from django.urls import path

app_name = "csv"
urlpatterns: list = []
