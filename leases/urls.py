from django.urls import path

from . import views

app_name = "leases"
urlpatterns = [
    path("", views.BatchListView.as_view(), name="batch_list"),
    path("new/", views.BatchCreateView.as_view(), name="batch_create"),
    path("<int:pk>/", views.BatchDetailView.as_view(), name="batch_detail"),
    path("<int:pk>/edit/", views.BatchUpdateView.as_view(), name="batch_update"),
    path("fiscal-years/<int:year>/", views.FiscalYearView.as_view(), name="fiscal_year"),
]
