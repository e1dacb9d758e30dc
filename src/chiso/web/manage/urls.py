from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chiso.web.manage import appendix, frameworks, units, users, views

app_name = "manage"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("tai-khoan/", users.user_list, name="users"),
    path("tai-khoan/them/", users.user_create, name="user_create"),
    path("tai-khoan/<str:username>/", users.user_edit, name="user_edit"),
    path("tai-khoan/<str:username>/trang-thai/", users.user_active, name="user_active"),
    path("tai-khoan/<str:username>/mat-khau/", users.user_password, name="user_password"),
    path("don-vi/", units.unit_tree, name="units"),
    path("don-vi/them/", units.unit_add, name="unit_add"),
    path("don-vi/nhap-tep/", units.unit_import, name="unit_import"),
    path("don-vi/<str:code>/", units.unit_edit, name="unit_edit"),
    path("bo-chi-tieu/", frameworks.framework_list, name="frameworks"),
    path("bo-chi-tieu/tai-len/", frameworks.framework_upload, name="framework_upload"),
    path("bo-chi-tieu/luu/", frameworks.framework_apply, name="framework_apply"),
    path("bo-chi-tieu/<str:code>/", frameworks.framework_detail, name="framework"),
    path("bo-chi-tieu/<str:code>/muc-tieu/<str:indicator>/<str:target>/", frameworks.target_edit,
         name="target_edit"),
    path("phu-luc/", appendix.appendix_upload, name="appendix"),
    path("phu-luc/ghi/", appendix.appendix_apply, name="appendix_apply"),
]
