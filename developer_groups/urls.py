from django.urls import path

from . import views

app_name = "developer_groups"

urlpatterns = [
    path("my/groups/", views.my_groups_view, name="my_groups"),
    path("groups/<int:group_id>/", views.group_view, name="group"),
    path("groups/<int:group_id>/meetings/new/", views.plan_meeting_view, name="plan_meeting"),
    path("groups/<int:group_id>/meetings/<int:meeting_id>/edit/", views.edit_meeting_view, name="edit_meeting"),
    path("groups/<int:group_id>/meetings/<int:meeting_id>/cancel/", views.cancel_meeting_view, name="cancel_meeting"),
    path("groups/<int:group_id>/meetings/<int:meeting_id>/attendance/", views.attendance_view, name="attendance"),
    path("groups/<int:group_id>/meetings/<int:meeting_id>/notes/", views.record_view, name="record"),
    path("groups/<int:group_id>/actions/<int:action_id>/status/", views.action_status_view, name="action_status"),
    path("groups/invitations/<str:token>/", views.invitation_view, name="invitation"),
]
