from django.urls import path

from . import views

app_name = "cameras"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("cameras/", views.CameraListView.as_view(), name="camera_list"),
    path("cameras/new/", views.CameraCreateView.as_view(), name="camera_create"),
    path("cameras/<int:pk>/", views.CameraDetailView.as_view(), name="camera_detail"),
    path("cameras/<int:pk>/edit/", views.CameraUpdateView.as_view(), name="camera_update"),
    path("cameras/<int:pk>/replace/", views.CameraReplaceView.as_view(), name="camera_replace"),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/new/", views.SiteCreateView.as_view(), name="site_create"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/edit/", views.SiteUpdateView.as_view(), name="site_update"),
    path("replacements/", views.ReplacementPlannerView.as_view(), name="replacement_planner"),
]
